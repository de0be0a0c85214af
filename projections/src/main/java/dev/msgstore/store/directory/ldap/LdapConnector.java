package dev.msgstore.store.directory.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import javax.net.SocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Connection pools to the servers of {@link LdapSettings}: timeouts on connect and on every
 * response, TLS from the first byte or by StartTLS with the server's name checked against its
 * certificate, failover in the listed order, and a pooled connection found dead (the server
 * restarted) replaced and the operation retried once.
 */
final class LdapConnector {
  private final LdapSettings settings;

  LdapConnector(LdapSettings settings) {
    this.settings = settings;
  }

  /** A pool whose connections bind with {@code bind} (null: anonymous), created connected. */
  LDAPConnectionPool pool(BindRequest bind) throws LDAPException, GeneralSecurityException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
    options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
    options.setAbandonOnTimeout(true);
    options.setUseSynchronousMode(true);
    SocketFactory sockets = SocketFactory.getDefault();
    PostConnectProcessor startTls = null;
    if (settings.security() != LdapSettings.Security.NONE) {
      SSLUtil ssl = new SSLUtil(trustManager());
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
      if (settings.security() == LdapSettings.Security.LDAPS) {
        sockets = ssl.createSSLSocketFactory();
      } else {
        startTls = new StartTLSPostConnectProcessor(ssl.createSSLSocketFactory());
      }
    }
    ServerSet servers;
    if (settings.servers().size() == 1) {
      LdapSettings.Server s = settings.servers().getFirst();
      servers = new SingleServerSet(s.host(), s.port(), sockets, options);
    } else {
      String[] hosts =
          settings.servers().stream().map(LdapSettings.Server::host).toArray(String[]::new);
      int[] ports = settings.servers().stream().mapToInt(LdapSettings.Server::port).toArray();
      servers = new FailoverServerSet(hosts, ports, sockets, options);
    }
    LDAPConnectionPool pool =
        new LDAPConnectionPool(servers, bind, 1, settings.poolSize(), startTls, true);
    pool.setConnectionPoolName("msgstore-directory");
    pool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.allOf(OperationType.class));
    pool.setMaxWaitTimeMillis(settings.responseTimeout().toMillis());
    return pool;
  }

  private TrustManager trustManager() throws GeneralSecurityException {
    if (settings.trustStore().isEmpty()) {
      return JVMDefaultTrustManager.getInstance();
    }
    Path file = settings.trustStore().get();
    if (!Files.isReadable(file)) {
      throw new GeneralSecurityException(LdapSettings.TRUST_STORE + " " + file + " cannot be read");
    }
    if (isPem(file)) {
      return new PEMFileTrustManager(file.toFile());
    }
    return new TrustStoreTrustManager(file.toFile(), null, null, true);
  }

  private static boolean isPem(Path file) throws GeneralSecurityException {
    try {
      return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)
          .contains("-----BEGIN CERTIFICATE-----");
    } catch (IOException e) {
      throw new GeneralSecurityException(
          LdapSettings.TRUST_STORE + " " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
