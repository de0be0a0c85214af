package dev.msgstore.store.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.msgstore.store.directory.DirectoryContract;
import dev.msgstore.store.directory.DirectoryUnavailable;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LDAPS and StartTLS to the in-memory server with a certificate of its own, trusted through
 * local.ugldaptruststore (the PEM an administrator has from their CA).
 */
class LdapTlsTest {
  @TempDir Path dir;
  private InMemoryDirectoryServer server;
  private Path caPem;

  @BeforeEach
  void start() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    SelfSignedCertificateGenerator.generateSelfSignedCertificate(
        "msgstore-test", keyStore.toFile(), "store-pin", "PKCS12", "server");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, "store-pin".toCharArray());
    }
    Certificate cert = ks.getCertificate("server");
    caPem = dir.resolve("ca.pem");
    Files.writeString(
        caPem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    SSLUtil serverSsl =
        new SSLUtil(
            new KeyStoreKeyManager(
                keyStore.toFile(), "store-pin".toCharArray(), "PKCS12", "server"),
            new TrustAllTrustManager());
    InetAddress loopback = InetAddress.getLoopbackAddress();
    server =
        LdapFixtures.start(
            0,
            InMemoryListenerConfig.createLDAPSConfig(
                "ldaps",
                loopback,
                0,
                serverSsl.createSSLServerSocketFactory(),
                serverSsl.createSSLSocketFactory()),
            InMemoryListenerConfig.createLDAPConfig(
                "starttls", loopback, 0, serverSsl.createSSLSocketFactory()));
    server.addEntries(LdapFixtures.entries(DirectoryContract.FIXTURE));
  }

  @AfterEach
  void stop() {
    server.shutDown(true);
  }

  private LdapDirectory directory(String listener, Map<String, String> options) {
    var all = new java.util.HashMap<>(options);
    all.put(LdapSettings.CACHE_TTL, "0");
    return LdapDirectory.open(
        LdapFixtures.config(dir, server.getListenPort(listener), Map.copyOf(all)));
  }

  @Test
  void ldapsWithTheCaOfTheServer() {
    try (LdapDirectory d =
        directory(
            "ldaps",
            Map.of(LdapSettings.USE_SSL, "yes", LdapSettings.TRUST_STORE, caPem.toString()))) {
      assertEquals("ldaps://127.0.0.1:" + server.getListenPort("ldaps"), d.describe());
      assertEquals("joe", d.user("joe").orElseThrow().name());
      assertTrue(d.authenticate("joe", "joe-secret".toCharArray()));
    }
  }

  @Test
  void startTlsWithTheCaOfTheServer() {
    try (LdapDirectory d =
        directory(
            "starttls",
            Map.of(LdapSettings.STARTTLS, "yes", LdapSettings.TRUST_STORE, caPem.toString()))) {
      assertEquals("ldap://127.0.0.1:" + server.getListenPort("starttls"), d.describe());
      assertEquals("kim@example.org", d.userByAddress("kim.lee@example.org").orElseThrow().name());
      assertTrue(d.authenticate("joe@example.org", "org-secret".toCharArray()));
    }
  }

  @Test
  void aCertificateNotTrustedIsRefusedInOneLine() {
    for (String[] mode :
        new String[][] {{"ldaps", LdapSettings.USE_SSL}, {"starttls", LdapSettings.STARTTLS}}) {
      try (LdapDirectory d = directory(mode[0], Map.of(mode[1], "yes"))) {
        DirectoryUnavailable e = assertThrows(DirectoryUnavailable.class, () -> d.user("joe"));
        assertTrue(e.getMessage().startsWith("LDAP directory "), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
      }
    }
  }

  @Test
  void bothLdapsAndStartTlsIsAConfigurationError() {
    DirectoryUnavailable e =
        assertThrows(
            DirectoryUnavailable.class,
            () ->
                directory(
                    "ldaps", Map.of(LdapSettings.USE_SSL, "yes", LdapSettings.STARTTLS, "yes")));
    assertTrue(e.getMessage().contains(LdapSettings.STARTTLS), e.getMessage());
  }
}
