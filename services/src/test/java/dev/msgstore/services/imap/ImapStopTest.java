package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop (stop-msg closes the component) says {@code * BYE} to every session, RFC 3501
 * section 7.1.5: a selected one waiting for its next command, one in IDLE, one not logged in.
 */
class ImapStopTest {
  @TempDir Path root;

  @Test
  void stopSaysByeToSelectedIdleAndNewSessions() throws Exception {
    try (ImapServer server = new ImapServer(root, "joe");
        Wire selected = Wire.login(server.port(), "joe");
        Wire idle = Wire.login(server.port(), "joe");
        Wire fresh = new Wire(server.port())) {
      fresh.line();
      server.deliver("user/joe/INBOX", ImapServer.message("one", "hello"));
      assertTrue(selected.command("s1 SELECT INBOX").getLast().startsWith("s1 OK"));
      assertTrue(idle.command("i1 SELECT INBOX").getLast().startsWith("i1 OK"));
      idle.send("i2 IDLE\r\n");
      assertEquals("+ idling", idle.line());

      server.imap.close();

      assertEquals("* BYE msgstore is shutting down", selected.line());
      assertNull(selected.line(), "the connection closes after BYE");
      assertEquals("* BYE msgstore is shutting down", idle.line());
      assertNull(idle.line());
      assertEquals("* BYE msgstore is shutting down", fresh.line());
      assertNull(fresh.line());
    }
  }
}
