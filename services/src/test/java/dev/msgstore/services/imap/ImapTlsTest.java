package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.services.daemon.ComponentFailure;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through Python's {@code imaplib}: with plaintextlogin = no, LOGINDISABLED and STARTTLS are
 * announced and LOGIN is refused; after STARTTLS neither is announced and LOGIN works; implicit TLS
 * on the ssl port; a TLS 1.1 client is refused by the server. The keystore generated at the first
 * start is 0600 and its fingerprint is logged.
 */
class ImapTlsTest {
  @TempDir Path root;
  @TempDir Path scripts;

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void startTlsAndImplicitTls() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    int sslPort;
    try (ServerSocket free = new ServerSocket(0)) {
      sslPort = free.getLocalPort();
    }
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ImapServer server;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      server =
          new ImapServer(
              root,
              Map.of(
                  "service.imap.plaintextlogin", "no",
                  "service.imap.enablesslport", "yes",
                  "service.imap.sslport", Integer.toString(sslPort)),
              "joe");
    } finally {
      System.setErr(err);
    }
    try (server) {
      Path tls = root.resolve("config/tls");
      Path keystore = tls.resolve("keystore.p12");
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(tls.resolve("keystore.pass"))));
      Certificate cert = server.certificate();
      String fingerprint =
          HexFormat.ofDelimiter(":")
              .withUpperCase()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
      assertTrue(
          log.toString(StandardCharsets.UTF_8).contains("SHA-256 fingerprint " + fingerprint),
          log.toString(StandardCharsets.UTF_8));
      Path pem = server.caPem(scripts.resolve("ca.pem"));
      Path script = scripts.resolve("imaplib-tls.py");
      try (InputStream in = getClass().getResourceAsStream("/imap/imaplib-tls.py")) {
        Files.copy(in, script);
      }
      Process p =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  Integer.toString(server.port()),
                  Integer.toString(server.imap.sslPort()),
                  pem.toString())
              .redirectErrorStream(true)
              .start();
      String out;
      try (InputStream o = p.getInputStream()) {
        out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      assertEquals(
          List.of(
              "plain caps True True",
              "plain login refused",
              "tls caps False False",
              "tls True",
              "login OK",
              "list ('OK', [b'(\\\\HasNoChildren) \"/\" \"INBOX\"'])",
              "ssl caps False False",
              "ssl login OK",
              "ssl list OK",
              "tls1.1 TLSV1_ALERT_PROTOCOL_VERSION"),
          out.lines().toList());
    }
  }

  /** RFC 3501 6.2.1: what the client sent after STARTTLS in the clear is not run over TLS. */
  @Test
  void anSslPortWithoutItsKeystoreStopsTheStart() {
    // a keystore named by the option is never generated: missing, there is no TLS at all
    ComponentFailure failure =
        assertThrows(
            ComponentFailure.class,
            () ->
                new ImapServer(
                    root,
                    Map.of(
                        "local.tls.keystore",
                        root.resolve("missing.p12").toString(),
                        "service.imap.enablesslport",
                        "yes")));
    assertEquals(
        "imap: service.imap.enablesslport is yes but TLS has no keystore", failure.getMessage());
  }

  @Test
  void plaintextPipelinedAfterStartTlsIsDiscarded() throws Exception {
    try (ImapServer server =
            new ImapServer(root, Map.of("service.imap.plaintextlogin", "no"), "joe");
        Socket plain = new Socket("127.0.0.1", server.port())) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", server.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), null);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
      assertTrue(in.readLine().contains("STARTTLS"));
      plain
          .getOutputStream()
          .write("a STARTTLS\r\nb LOGIN joe pw-joe\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals("a OK Begin TLS negotiation now", in.readLine());
      try (SSLSocket s =
          (SSLSocket)
              client.getSocketFactory().createSocket(plain, "localhost", server.port(), true)) {
        s.startHandshake();
        s.getOutputStream().write("c CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader tlsIn =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String caps = tlsIn.readLine();
        assertTrue(caps.startsWith("* CAPABILITY IMAP4rev1"), caps);
        assertTrue(caps.contains("AUTH=PLAIN") && !caps.contains("STARTTLS"), caps);
        // b's LOGIN was dropped: had it run, this would be "b OK ..." instead
        assertEquals("c OK CAPABILITY completed", tlsIn.readLine());
      }
    }
  }
}
