package dev.msgstore.services.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client side of TLS for msgstore's own clients (imscripter, immonitor-access): the JDK's trust
 * store, or the certificates of a PEM file ({@code --cafile}, for a server with a self-signed
 * certificate such as the one msgstore generates); TLS 1.2 and 1.3 only; the server's name checked
 * against its certificate as HTTPS does, since a client that trusts any name trusts any server.
 */
public final class ClientTls {
  private ClientTls() {}

  /** A context trusting {@code pem}'s certificates, or the JDK's defaults when it is null. */
  public static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    if (pem == null) {
      return SSLContext.getDefault();
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new GeneralSecurityException("no certificate in it");
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, tmf.getTrustManagers(), null);
    return c;
  }

  /** TLS over the connected {@code plain} socket to {@code host}, handshake done. */
  public static SSLSocket handshake(SSLSocketFactory tls, Socket plain, String host)
      throws IOException {
    SSLSocket s = (SSLSocket) tls.createSocket(plain, host, plain.getPort(), true);
    SSLParameters p = s.getSSLParameters();
    p.setProtocols(ServerTls.PROTOCOLS.toArray(String[]::new));
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
    try {
      s.startHandshake();
    } catch (IOException e) {
      s.close(); // and the plain socket under it
      throw e;
    }
    return s;
  }
}
