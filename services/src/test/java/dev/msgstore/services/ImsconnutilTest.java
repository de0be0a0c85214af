package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.services.pop.PopClient;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.PasswordHashing;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * imsconnutil against a running daemon with imap and pop: the reference's examples (-c, -a, -a -c,
 * -c -s imap, -c -s imap -u george, -c -a -u george, -k -u george), the last access surviving a
 * daemon restart, -k closing george's IMAP session with * BYE and his POP3 session without applying
 * its DELE, and the usage errors.
 */
class ImsconnutilTest {
  @TempDir Path root;

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

  private Cli ok(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--store";
    all[args.length + 1] = root.toString();
    Cli c = Cli.run(all);
    assertEquals(0, c.exit(), c::toString);
    return c;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** An IMAP client logged in: its reader for what the server says next. */
  private record Imap(Socket socket, BufferedReader in) implements AutoCloseable {
    static Imap login(int port, String user) throws IOException {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout(20_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      in.readLine();
      s.getOutputStream()
          .write(("a LOGIN " + user + " pw-" + user + "\r\n").getBytes(StandardCharsets.UTF_8));
      String l = in.readLine();
      assertTrue(l.startsWith("a OK"), l);
      return new Imap(s, in);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void theReferenceExamplesAgainstARunningDaemon() throws Exception {
    try (Store s = Store.open(root)) {
      for (String u : List.of("george", "ann")) {
        DirectoryUser user =
            new DirectoryUser(
                u,
                "",
                u + "@example.com",
                List.of(),
                UserStatus.ACTIVE,
                0,
                QuotaLimits.NONE,
                "",
                "",
                "");
        s.execute(
            Author.of("test", "ImsconnutilTest"),
            new CreateUserEntry(
                user, new PasswordHash(new PasswordHashing(1000).hash(("pw-" + u).toCharArray()))));
      }
      s.append(
          Author.of("deliver", "test"),
          "user/george/INBOX",
          new ByteArrayInputStream("Subject: one\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)),
          AppendOptions.DEFAULT.creating());
    }
    int imap = freePort();
    int pop = freePort();
    ok("configutil", "-o", "service.imap.port", "-v", "" + imap);
    ok("configutil", "-o", "service.pop.port", "-v", "" + pop);
    ok("configutil", "-o", "service.http.enable", "-v", "no");
    ok("configutil", "-o", "service.lmtp.enable", "-v", "no");
    ok("configutil", "-o", "local.enablelastaccess", "-v", "yes");
    ok("start-msg");

    assertTrue(ok("imsconnutil", "-c").out().contains("(nobody is connected)"));
    try (Imap georgeImap = Imap.login(imap, "george");
        Imap annImap = Imap.login(imap, "ann");
        PopClient georgePop = new PopClient(pop)) {
      assertTrue(georgePop.login("george").startsWith("+OK"));
      assertEquals("+OK message 1 deleted", georgePop.send("DELE 1"));

      // imsconnutil -c: every user ID logged in now
      List<String> all = ok("imsconnutil", "-c").out().lines().toList();
      assertEquals(4, all.size(), all.toString());
      assertTrue(all.get(0).startsWith("SERVICE  UID"), all.get(0));
      assertTrue(
          all.get(1)
              .matches(
                  "imap +george +127\\.0\\.0\\.1:\\d+ +127\\.0\\.0\\.1:" + imap + " +PLAIN +\\S+Z"),
          all.get(1));
      assertTrue(all.get(2).startsWith("imap     ann "), all.get(2));
      assertTrue(all.get(3).matches("pop +george +.*:" + pop + " +USER +\\S+Z"), all.get(3));
      // -c -s imap; -c -s imap -u george
      assertEquals(3, ok("imsconnutil", "-c", "-s", "imap").out().lines().count());
      List<String> george =
          ok("imsconnutil", "-c", "-s", "imap", "-u", "george").out().lines().toList();
      assertEquals(2, george.size());
      assertTrue(george.get(1).startsWith("imap     george "));
      // -a: the logins, recorded off the sessions' path
      List<String> access = List.of();
      for (int i = 0; i < 100 && access.size() < 4; i++) {
        Thread.sleep(100);
        access = ok("imsconnutil", "-a").out().lines().toList();
      }
      assertEquals(4, access.size(), access.toString());
      assertTrue(access.get(1).matches("ann +imap +\\S+Z +login +127\\.0\\.0\\.1"), access.get(1));
      assertTrue(access.get(2).startsWith("george           imap "));
      assertTrue(access.get(3).startsWith("george           pop "));
      // -a -c and -c -a -u george: both tables
      assertEquals(8, ok("imsconnutil", "-a", "-c").out().lines().count());
      assertEquals(6, ok("imsconnutil", "-c", "-a", "-u", "george").out().lines().count());

      // -k -u george: the daemon closes both his sessions, IMAP with * BYE; ann's stays
      assertEquals("george: 2 sessions closed\n", ok("imsconnutil", "-k", "-u", "george").out());
      assertEquals("* BYE Disconnected by the administrator", georgeImap.in().readLine());
      assertNull(georgeImap.in().readLine());
      assertNull(georgePop.send("STAT"), "the POP3 session was closed");
      annImap.socket().getOutputStream().write("b NOOP\r\n".getBytes(StandardCharsets.UTF_8));
      assertEquals("b OK NOOP completed", annImap.in().readLine());
    }
    try (PopClient again = new PopClient(pop)) {
      assertTrue(
          again.login("george").startsWith("+OK Maildrop locked and ready, 1 messages"),
          "the DELE of the closed session was not applied, and its lock is gone");
      again.send("QUIT");
    }
    List<String> logouts = List.of();
    for (int i = 0; i < 100 && logouts.stream().noneMatch(l -> l.contains("logout")); i++) {
      Thread.sleep(100);
      logouts = ok("imsconnutil", "-a", "-u", "george", "-s", "pop").out().lines().toList();
    }
    assertTrue(logouts.get(1).contains(" logout "), logouts.toString());

    // the last access is in the journal: it outlives the daemon
    ok("stop-msg");
    Cli after = ok("imsconnutil", "-a", "-u", "ann");
    assertTrue(after.out().lines().anyMatch(l -> l.startsWith("ann ")), after.out());
    Cli noDaemon = Cli.run("imsconnutil", "-c", "--store", root.toString());
    assertEquals(69, noDaemon.exit(), noDaemon::toString);

    // usage: one line, 64
    for (List<String> bad :
        List.<List<String>>of(List.of(), List.of("-k"), List.of("-c", "-s", "smtp"))) {
      List<String> args = new java.util.ArrayList<>(bad);
      args.addAll(List.of("--store", root.toString()));
      Cli c = Cli.run(args.toArray(String[]::new));
      assertEquals(64, c.exit(), c::toString);
      assertEquals(1, c.err().lines().count(), c.err());
    }
  }
}
