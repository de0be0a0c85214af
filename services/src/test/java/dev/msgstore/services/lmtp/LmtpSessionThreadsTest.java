package dev.msgstore.services.lmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions run on platform threads while few are open and on virtual threads beyond that, and move
 * between the two between transactions as sessions open and end; every transaction delivers
 * whatever thread it ran on, and one pipelined across a move is answered in order.
 */
class LmtpSessionThreadsTest {
  @Test
  void sessionsMoveBetweenPlatformAndVirtualThreadsAsTheirNumberCrossesTheLimit(@TempDir Path dir)
      throws Exception {
    try (LmtpServer server =
        new LmtpServer(
            dir.resolve("store"),
            List.of(
                List.of("domain", "create", "example.com"),
                List.of("user", "create", "ann@example.com")),
            new LmtpComponent(2))) {
      LmtpComponent lmtp = server.component;
      List<Client> open = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          open.add(greeted(server));
        }
        assertEquals(2, lmtp.sessionsOnPlatformThreads(), "two sessions: platform threads");
        for (int i = 0; i < 2; i++) {
          open.add(greeted(server)); // on virtual threads
        }
        for (Client c : open) {
          deliver(c); // the first two move to virtual threads after it, if not before
        }
        assertEquals(0, lmtp.sessionsOnPlatformThreads(), "four open: all virtual");
        open.remove(0).close();
        open.remove(0).close();
        awaitSessions(server, 2);
        pipelined(open.get(0)); // then it moves back to a platform thread
        deliver(open.get(1));
        assertEquals(2, lmtp.sessionsOnPlatformThreads(), "two open again: platform threads");
        for (Client c : open) {
          deliver(c);
          assertEquals("221 2.0.0 Bye", c.cmd("QUIT").replaceFirst(" \\S+ Bye", " Bye"));
        }
      } finally {
        for (Client c : open) {
          c.close();
        }
      }
      awaitSessions(server, 0);
      assertEquals(0, lmtp.sessionsOnPlatformThreads());
      assertEquals(8, server.messages("user/ann@example.com/INBOX").size());
    }
  }

  private static Client greeted(LmtpServer server) throws IOException {
    Client c = Client.greeted(server.port);
    assertTrue(c.cmd("LHLO test.example").startsWith("250 "));
    return c;
  }

  private static void awaitSessions(LmtpServer server, int n) throws InterruptedException {
    for (int i = 0; i < 500 && server.sessions() > n; i++) {
      Thread.sleep(10);
    }
    assertEquals(n, server.sessions());
  }

  private static void deliver(Client c) throws IOException {
    assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<sender@example.net>"));
    assertEquals("250 2.1.5 <ann@example.com> OK", c.cmd("RCPT TO:<ann@example.com>"));
    assertTrue(c.cmd("DATA").startsWith("354 "));
    c.send("Subject: hi\r\n\r\nbody\r\n.\r\n");
    assertEquals("250 2.0.0 <ann@example.com> Saved", c.reply());
    // A move is decided once the transaction has ended: NOOP's reply comes from past it.
    assertEquals("250 2.0.0 Ok", c.cmd("NOOP"));
  }

  /** MAIL, RCPT and DATA in one write. */
  private static void pipelined(Client c) throws IOException {
    c.send("MAIL FROM:<sender@example.net>\r\nRCPT TO:<ann@example.com>\r\nDATA\r\n");
    assertEquals("250 2.1.0 Ok", c.reply());
    assertEquals("250 2.1.5 <ann@example.com> OK", c.reply());
    assertTrue(c.reply().startsWith("354 "));
    c.send("Subject: hi\r\n\r\nbody\r\n.\r\n");
    assertEquals("250 2.0.0 <ann@example.com> Saved", c.reply());
    assertEquals("250 2.0.0 Ok", c.cmd("NOOP"));
  }
}
