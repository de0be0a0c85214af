package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.PasswordHashing;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * immonitor-access against a running daemon (lmtp, imap, pop with its ssl port, http) and the
 * in-memory LDAP server, with the reference's examples: the round trip with thresholds (example 1,
 * LMTP in place of SMTP), LDAP without configuration (2), POP on its port (4), with STLS and SASL
 * (5, 6), on the SSL port (7, 8); -z deleting, -w -, and the exit codes 0, 1, 2 and 64.
 */
class ImmonitorAccessTest {
  @TempDir Path root;
  @TempDir Path files;

  @AfterEach
  void killLeftovers() throws IOException {
    for (String f : List.of("watcher.pid", "daemon.pid")) {
      Path pid = root.resolve("run").resolve(f);
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
            .ifPresent(
                p -> {
                  p.destroyForcibly();
                  p.onExit().join();
                });
      }
    }
  }

  private Cli store(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store", root.toString()));
    Cli c = Cli.run(all.toArray(String[]::new));
    assertEquals(0, c.exit(), c::toString);
    return c;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private long inbox() {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox("user/test_user/INBOX").map(MailboxRecord::messages).orElse(0L);
    }
  }

  @Test
  void theReferenceExamples() throws Exception {
    try (Store s = Store.open(root)) {
      DirectoryUser u =
          new DirectoryUser(
              "test_user",
              "",
              "test_user@example.test",
              List.of(),
              UserStatus.ACTIVE,
              0,
              QuotaLimits.NONE,
              "",
              "",
              "");
      s.execute(
          Author.of("test", "ImmonitorAccessTest"),
          new CreateUserEntry(
              u, new PasswordHash(new PasswordHashing(1000).hash("passwd".toCharArray()))));
    }
    int lmtp = freePort();
    int imap = freePort();
    int pop = freePort();
    int pops = freePort();
    int http = freePort();
    store("configutil", "-o", "service.lmtp.port", "-v", "" + lmtp);
    store("configutil", "-o", "service.imap.port", "-v", "" + imap);
    store("configutil", "-o", "service.pop.port", "-v", "" + pop);
    store("configutil", "-o", "service.pop.enablesslport", "-v", "yes");
    store("configutil", "-o", "service.pop.sslport", "-v", "" + pops);
    store("configutil", "-o", "service.http.port", "-v", "" + http);
    store("start-msg");
    String host = "127.0.0.1";

    // example 1: deliver, find over IMAP and POP (POP deletes it), thresholds of 60.25 s
    Cli one =
        Cli.run(
            "immonitor-access",
            "-C",
            host + ":" + lmtp + "=60.25",
            "-I",
            host + ":" + imap + "=60.25",
            "-P",
            host + ":" + pop + "=60.25",
            "-u",
            "test_user",
            "-w",
            "passwd",
            "--rcpt",
            "test_user@example.test",
            "-D",
            "120");
    assertEquals(0, one.exit(), one::toString);
    List<String> out = one.out().lines().toList();
    assertEquals("Lmtp Statistics for: " + host + ":" + lmtp, out.get(0));
    assertTrue(out.contains("Imap Statistics for: " + host + ":" + imap), one.out());
    assertTrue(out.contains("Pop Statistics for: " + host + ":" + pop), one.out());
    assertTrue(
        out.stream().anyMatch(l -> l.matches("Total LMTP Time: \\d+\\.\\d{3} Milliseconds")));
    assertTrue(out.stream().anyMatch(l -> l.matches("Rcpt To: Time: \\d+\\.\\d{3} ms")));
    assertEquals(2, out.stream().filter(l -> l.startsWith("Delivery Time: ")).count(), one.out());
    assertEquals(0, inbox(), "POP deleted the probe message");

    // example 2: LDAP without a Messaging Server configuration
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("o=usergroup");
    config.addAdditionalBindCredentials("cn=directory manager", "passwd");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    config.setSchema(null);
    InMemoryDirectoryServer ldap = new InMemoryDirectoryServer(config);
    ldap.startListening();
    try {
      ldap.add("dn: o=usergroup", "objectClass: top", "objectClass: organization", "o: usergroup");
      ldap.add(
          "dn: uid=test_user,o=usergroup",
          "objectClass: inetOrgPerson",
          "uid: test_user",
          "cn: Test",
          "sn: User");
      Cli two =
          Cli.run(
              "immonitor-access",
              "-n",
              "-L",
              host + ":" + ldap.getListenPort(),
              "-b",
              "o=usergroup",
              "-u",
              "test_user",
              "-B",
              "cn=directory manager",
              "-w",
              "passwd");
      assertEquals(0, two.exit(), two::toString);
      assertTrue(two.out().contains("Bind Time: "), two.out());
      Cli nobody =
          Cli.run(
              "immonitor-access",
              "-n",
              "-L",
              host + ":" + ldap.getListenPort(),
              "-b",
              "o=usergroup",
              "-u",
              "nobody",
              "-B",
              "cn=directory manager",
              "-w",
              "passwd");
      assertEquals(2, nobody.exit(), nobody::toString);
      assertTrue(
          nobody.err().contains("the test user nobody is not under o=usergroup"), nobody.err());
    } finally {
      ldap.shutDown(true);
    }

    // examples 4 to 8: POP on its port, with STLS (and SASL), on the SSL port (and SASL)
    Path ca = files.resolve("ca.pem");
    Path tls = root.resolve("config/tls");
    char[] pw = Files.readAllLines(tls.resolve("keystore.pass")).get(0).strip().toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.resolve("keystore.p12"))) {
      ks.load(in, pw);
    }
    Certificate cert = ks.getCertificate(ks.aliases().nextElement());
    Files.writeString(
        ca,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    for (List<String> example :
        List.of(
            List.of("-P", "localhost:" + pop),
            List.of("-P", "localhost:" + pop + "=STLS", "-X"),
            List.of("-P", "localhost:" + pop + "=STLS", "-T", "-X"),
            List.of("-P", "localhost:" + pops + "=PORT", "-T"),
            List.of("-P", "localhost:" + pops + "=PORT", "-T", "-X"))) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "immonitor-access",
                  "-u",
                  "test_user",
                  "-w",
                  "passwd",
                  "--cafile",
                  ca.toString()));
      args.addAll(example);
      Cli c = Cli.run(args.toArray(String[]::new));
      assertEquals(0, c.exit(), () -> example + ": " + c);
      assertTrue(c.out().startsWith("Pop Statistics for: localhost:"), c.out());
    }

    // HTTP is up; a threshold exceeded is 1 with an ALERT line; an unreachable server is 2
    Cli up = Cli.run("immonitor-access", "-H", host + ":" + http);
    assertEquals(0, up.exit(), up::toString);
    Cli slow =
        Cli.run(
            "immonitor-access",
            "-u",
            "test_user",
            "-w",
            "passwd",
            "-I",
            host + ":" + imap + "=0.0001");
    assertEquals(1, slow.exit(), slow::toString);
    assertTrue(
        slow.out()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        "ALERT: imap exceeds threshold Response time=\\d+\\.\\d{3}secs/Threshold=0\\.000secs")),
        slow.out());
    Cli down = Cli.run("immonitor-access", "-H", host + ":" + freePort());
    assertEquals(2, down.exit(), down::toString);
    assertTrue(down.err().contains("connection refused"), down.err());

    // -z deletes the messages whose subject has the -k string; the password from standard input
    for (String k : List.of("a", "b")) {
      Cli sent =
          Cli.run(
              "immonitor-access",
              "-C",
              host + ":" + lmtp,
              "-k",
              k,
              "-u",
              "test_user",
              "--rcpt",
              "test_user@example.test");
      assertEquals(0, sent.exit(), sent::toString);
    }
    assertEquals(2, inbox());
    Cli z =
        Cli.run(
            "immonitor-access", "-z", "-u", "test_user", "-w", "passwd", "-I", host + ":" + imap);
    assertEquals(0, z.exit(), z::toString);
    assertTrue(z.out().contains("Delete Time: "), z.out());
    assertEquals(0, inbox());

    // usage: 64, one line
    for (List<String> bad :
        List.<List<String>>of(
            List.of(),
            List.of("-I", host + ":" + imap, "-u", "test_user"),
            List.of("-P", "h:99999"),
            List.of("-P", "h=abc"),
            List.of("-z", "-C", host + ":" + lmtp, "-u", "x"),
            List.of("-D", "5", "-I", "h", "-u", "x", "-w", "y"))) {
      List<String> args = new ArrayList<>(List.of("immonitor-access"));
      args.addAll(bad);
      Cli c = Cli.run(args.toArray(String[]::new));
      assertEquals(64, c.exit(), () -> bad + ": " + c);
      assertEquals(1, c.err().lines().count(), c.err());
    }
    store("stop-msg");
  }
}
