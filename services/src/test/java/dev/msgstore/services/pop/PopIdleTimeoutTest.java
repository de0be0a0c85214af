package dev.msgstore.services.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * service.pop.idletimeout (RFC 1939 section 3's autologout timer), here counted in seconds rather
 * than minutes: a client that says nothing for that long, logged in or not, gets -ERR and the
 * connection closes; the maildrop is not updated (a DELE does not apply) and its lock is released.
 */
class PopIdleTimeoutTest {
  @TempDir Path root;

  @Test
  void anIdleClientIsLoggedOutInEveryStateAndNothingIsDeleted() throws Exception {
    try (PopServer server =
        new PopServer(root, Map.of("service.pop.idletimeout", "1"), 1000, "joe")) {
      server.deliver("joe", PopServer.message("m1", "body 1"));
      try (PopClient c = new PopClient(server.port())) {
        assertTrue(c.greeting.startsWith("+OK"), c.greeting);
        assertEquals("-ERR Autologout; idle for too long", c.line()); // before USER
        assertNull(c.line());
      }
      try (PopClient c = new PopClient(server.port())) {
        assertTrue(c.login("joe").startsWith("+OK"));
        assertEquals("+OK message 1 deleted", c.send("DELE 1"));
        assertEquals("-ERR Autologout; idle for too long", c.line()); // in the transaction state
        assertNull(c.line());
      }
      try (PopClient c = new PopClient(server.port())) {
        assertTrue(c.login("joe").startsWith("+OK"), "the maildrop's lock is released");
        assertTrue(c.send("STAT").startsWith("+OK 1 "), "the DELE did not apply");
        c.send("QUIT");
      }
    }
  }

  @Test
  void theTimerCountsFromTheClientsLastCommand() throws Exception {
    try (PopServer server =
            new PopServer(root, Map.of("service.pop.idletimeout", "3"), 1000, "joe");
        PopClient c = new PopClient(server.port())) {
      assertTrue(c.login("joe").startsWith("+OK"));
      // 4 s in all, a command every 0.3 s: never 3 s without one
      for (int i = 0; i < 13; i++) {
        Thread.sleep(300);
        assertEquals("+OK", c.send("NOOP"));
      }
      assertTrue(c.send("QUIT").startsWith("+OK"));
    }
  }
}
