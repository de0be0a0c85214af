package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon in the middle of a POP3 session loses nothing and applies nothing: the
 * messages marked with DELE are all there after the watcher brought the daemon back, with the same
 * unique ids; and a QUIT answered +OK is durable through the next kill -9.
 */
class PopKillTest {
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

  private void ok(Cli c) {
    assertEquals(0, c.exit(), c::toString);
  }

  private long daemonPid() throws IOException {
    return Long.parseLong(Files.readString(root.resolve("run/daemon.pid")).strip());
  }

  /** Kills the daemon with SIGKILL and waits until the watcher's new one serves pop. */
  private void killNine(int port) throws Exception {
    long pid = daemonPid();
    ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
    p.destroyForcibly();
    p.onExit().join();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      assertTrue(System.nanoTime() < deadline, "the watcher did not bring the daemon back");
      try {
        if (daemonPid() != pid) {
          try (PopClient c = new PopClient(port)) {
            if (c.greeting != null && c.greeting.startsWith("+OK")) {
              return;
            }
          }
        }
      } catch (IOException | NumberFormatException notYet) {
        // not back yet
      }
      Thread.sleep(100);
    }
  }

  @Test
  void deleIsAppliedAtQuitOnlyThroughKillNine() throws Exception {
    String store = root.toString();
    try (Store s = Store.open(root)) {
      DirectoryUser joe =
          new DirectoryUser(
              "joe",
              "",
              "joe@example.com",
              List.of(),
              UserStatus.ACTIVE,
              0,
              QuotaLimits.NONE,
              "",
              "",
              "");
      s.execute(
          Author.of("test", "PopKillTest"),
          new CreateUserEntry(
              joe, new PasswordHash(new PasswordHashing(1000).hash("pw-joe".toCharArray()))));
      for (int i = 1; i <= 5; i++) {
        s.append(
            Author.of("deliver", "test"),
            "user/joe/INBOX",
            new ByteArrayInputStream(
                ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.UTF_8)),
            AppendOptions.DEFAULT.creating());
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ok(Cli.run("configutil", "-o", "service.pop.port", "-v", "" + port, "--store", store));
    for (String off : List.of("http", "lmtp", "imap")) {
      ok(Cli.run("configutil", "-o", "service." + off + ".enable", "-v", "no", "--store", store));
    }
    ok(Cli.run("start-msg", "--store", store));

    List<String> uidl;
    try (PopClient c = new PopClient(port)) {
      assertTrue(c.login("joe").startsWith("+OK Maildrop locked and ready, 5 messages"));
      uidl = c.multi("UIDL");
      for (int i = 1; i <= 3; i++) {
        assertEquals("+OK message " + i + " deleted", c.send("DELE " + i));
      }
      assertTrue(c.send("RETR 4").startsWith("+OK"));
      c.lines();
      killNine(port);
      // the old connection is gone with its process
      try {
        assertNull(c.send("STAT"), "the killed daemon's session still answered");
      } catch (SocketException gone) {
        // reset: gone as well
      }
    }
    try (PopClient c = new PopClient(port)) {
      assertTrue(
          c.login("joe").startsWith("+OK Maildrop locked and ready, 5 messages"),
          "no DELE of the killed session was applied, and its lock went with it");
      assertEquals(uidl, c.multi("UIDL"));
      c.send("DELE 1");
      c.send("DELE 5");
      assertTrue(c.send("QUIT").startsWith("+OK msgstore POP3 server signing off (2 messages"));
    }
    killNine(port);
    try (PopClient c = new PopClient(port)) {
      assertTrue(c.login("joe").startsWith("+OK Maildrop locked and ready, 3 messages"));
      List<String> after = c.multi("UIDL");
      assertEquals(
          uidl.subList(1, 4).stream().map(l -> l.split(" ")[1]).toList(),
          after.stream().map(l -> l.split(" ")[1]).toList());
      assertNotEquals(uidl.get(0).split(" ")[1], after.get(0).split(" ")[1]);
      c.send("QUIT");
    }
    ok(Cli.run("stop-msg", "--store", store));
  }
}
