package dev.msgstore.services.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3 through Python's {@code poplib}, with plaintextlogin = no: STLS is offered and USER refused
 * in the clear; after {@code stls()} USER/PASS, STAT, UIDL (whole and one), RETR, TOP, DELE and
 * QUIT; then POP3 over TLS on the ssl port sees the deletion and the same unique ids.
 */
class PythonPoplibTest {
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
  void stlsUidlTopRetrDeleAndPop3s() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    int sslPort;
    try (ServerSocket free = new ServerSocket(0)) {
      sslPort = free.getLocalPort();
    }
    try (PopServer server =
        new PopServer(
            root,
            Map.of(
                "service.pop.plaintextlogin", "no",
                "service.pop.enablesslport", "yes",
                "service.pop.sslport", Integer.toString(sslPort)),
            "joe")) {
      server.deliver("joe", PopServer.message("first", "one\r\n.dotted"));
      server.deliver("joe", PopServer.message("second", "two"));
      server.deliver("joe", PopServer.message("third", "three"));
      Path tls = root.resolve("config/tls");
      Certificate cert = certificate(tls.resolve("keystore.p12"), tls.resolve("keystore.pass"));
      Path pem = scripts.resolve("ca.pem");
      Files.writeString(
          pem,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n");
      Path script = scripts.resolve("poplib-session.py");
      try (InputStream in = getClass().getResourceAsStream("/pop/poplib-session.py")) {
        Files.copy(in, script);
      }
      Process p =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  Integer.toString(server.port()),
                  Integer.toString(server.pop.sslPort()),
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
              "plain capa True False",
              "plain user refused [AUTH]",
              "tls capa False True ['PLAIN']",
              "tls True",
              "pass +OK Send your password +OK Maildrop locked and ready",
              "stat 3",
              "uidl ['1', '2', '3'] 3",
              "uidl 2 True",
              "retr +OK "
                  + PopServer.message("first", "one\r\n.dotted").length()
                  + " octets"
                  + " Subject: first .dotted",
              "top Subject: second True",
              "dele +OK message 1 deleted",
              "quit +OK msgstore POP3 server signing off (1 messages deleted, 2 left)",
              "ssl capa False",
              "ssl pass +OK Send your password +OK Maildrop locked and ready",
              "ssl uidl kept True",
              "ssl stat 2"),
          out.lines().toList());
    }
  }

  private static Certificate certificate(Path keystore, Path passwordFile) throws Exception {
    char[] password = Files.readAllLines(passwordFile).get(0).strip().toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, password);
    }
    return ks.getCertificate(ks.aliases().nextElement());
  }
}
