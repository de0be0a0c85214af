package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * service.imap.idletimeout (RFC 3501 section 5.4's autologout timer), here counted in seconds
 * rather than minutes: a client that says nothing for that long gets {@code * BYE Autologout; idle
 * for too long} (Dovecot's words) and the connection closes, before login, after it with a mailbox
 * selected, and inside IDLE (RFC 2177 lets the server count an IDLE as inactivity).
 */
class ImapIdleTimeoutTest {
  private static final String BYE = "* BYE Autologout; idle for too long";

  @TempDir Path root;

  private ImapServer server(int seconds) throws Exception {
    return new ImapServer(
        root,
        Map.of("service.imap.idletimeout", Integer.toString(seconds)),
        new ImapComponent(1000),
        "joe");
  }

  @Test
  void anIdleClientIsLoggedOutInEveryState() throws Exception {
    try (ImapServer server = server(1)) {
      try (Wire w = new Wire(server.port())) {
        assertTrue(w.line().startsWith("* OK"));
        assertEquals(BYE, w.line()); // not authenticated
        assertNull(w.line());
      }
      try (Wire w = Wire.login(server.port(), "joe")) {
        assertTrue(w.command("s SELECT INBOX").getLast().startsWith("s OK"));
        assertEquals(BYE, w.line()); // authenticated, a mailbox selected
        assertNull(w.line());
      }
      try (Wire w = Wire.login(server.port(), "joe")) {
        assertTrue(w.command("s SELECT INBOX").getLast().startsWith("s OK"));
        w.send("i IDLE\r\n");
        assertTrue(w.line().startsWith("+ "));
        assertEquals(BYE, w.line()); // inside IDLE
        assertNull(w.line());
      }
      try (Wire w = Wire.login(server.port(), "joe")) {
        assertTrue(w.command("n NOOP").getLast().startsWith("n OK"), "the server serves on");
      }
    }
  }

  @Test
  void theTimerCountsFromTheClientsLastCommand() throws Exception {
    try (ImapServer server = server(3);
        Wire w = Wire.login(server.port(), "joe")) {
      // 4 s in all, a command every 0.3 s: never 3 s without one
      for (int i = 0; i < 13; i++) {
        Thread.sleep(300);
        assertTrue(w.command("n" + i + " NOOP").getLast().startsWith("n" + i + " OK"));
      }
      assertTrue(w.command("o LOGOUT").getLast().startsWith("o OK"));
    }
  }
}
