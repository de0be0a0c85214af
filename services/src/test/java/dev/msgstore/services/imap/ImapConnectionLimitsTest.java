package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections at once: per client address ({@code service.imap.maxsessionsperclient}, the next is
 * greeted with BYE) and per user ({@code service.imap.maxsessionsperuser}, the next login gets NO
 * [UNAVAILABLE]); a session that ends frees its place.
 */
class ImapConnectionLimitsTest {
  @TempDir Path root;

  /** Logs out and waits until the server closed the connection (and counted it gone). */
  private static void logout(RawImap c) throws Exception {
    assertTrue(c.status("LOGOUT").startsWith("OK"));
    assertNull(c.readLine());
    c.close();
  }

  @Test
  void perClientAddress() throws Exception {
    try (ImapServer server =
            new ImapServer(root, Map.of("service.imap.maxsessionsperclient", "2"), "joe");
        RawImap first = new RawImap(server.port());
        RawImap second = new RawImap(server.port())) {
      assertTrue(first.greeting().startsWith("* OK"));
      assertTrue(second.greeting().startsWith("* OK"));
      try (RawImap third = new RawImap(server.port())) {
        assertEquals(
            "* BYE Too many connections from your address (service.imap.maxsessionsperclient=2)",
            third.greeting());
        assertNull(third.readLine(), "closed");
      }
      logout(first);
      try (RawImap again = new RawImap(server.port())) {
        assertTrue(again.greeting().startsWith("* OK"), "a place was freed");
      }
    }
  }

  @Test
  void perUser() throws Exception {
    try (ImapServer server =
            new ImapServer(root, Map.of("service.imap.maxsessionsperuser", "2"), "joe", "ann");
        RawImap one = RawImap.login(server.port(), "joe");
        RawImap two = RawImap.login(server.port(), "joe");
        RawImap three = new RawImap(server.port())) {
      assertTrue(two.status("NOOP").startsWith("OK"));
      assertEquals(
          "NO [UNAVAILABLE] Maximum number of connections for this user exceeded"
              + " (service.imap.maxsessionsperuser=2)",
          three.status("LOGIN joe pw-joe"));
      assertTrue(three.status("LOGIN ann pw-ann").startsWith("OK"), "another user may");
      logout(one);
      try (RawImap again = RawImap.login(server.port(), "joe")) {
        assertTrue(again.status("NOOP").startsWith("OK"), "a place was freed");
      }
    }
  }
}
