package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits, at their edges: a command line of 64 KiB, a literal of 128 KiB outside
 * APPEND, an APPEND up to the store's message-size limit (service.lmtp.maxmessagesize, here lowered
 * to 300,000 bytes). Past each, the command is answered BAD without its literal being asked for,
 * and the session serves on; a LITERAL+ past the limit, which the client sends anyway, ends the
 * connection with BYE.
 */
class ImapLimitsTest {
  private static final int LIMIT = 300_000;

  @TempDir Path root;

  @Test
  void lineLiteralAndAppendLimits() throws Exception {
    try (ImapServer server =
            new ImapServer(
                root, Map.of("service.lmtp.maxmessagesize", Integer.toString(LIMIT)), "joe");
        Wire w = Wire.login(server.port(), "joe")) {
      server.deliver("user/joe/INBOX", ImapServer.message("hello", "Hello Joe"));
      assertTrue(w.command("s SELECT INBOX").getLast().startsWith("s OK"));

      // a line: 64 KiB is read, one byte more is BAD (and the rest of the line skipped)
      String prefix = "l1 SEARCH SUBJECT ";
      String atLimit = prefix + "x".repeat(64 * 1024 - prefix.length());
      assertTrue(w.command(atLimit).getLast().startsWith("l1 OK"));
      List<String> tooLong = w.command("l2 SEARCH SUBJECT " + "x".repeat(64 * 1024));
      assertEquals("l2 BAD command line too long (at most 65536 bytes)", tooLong.getLast());
      assertTrue(w.command("l3 NOOP").getLast().startsWith("l3 OK"));

      // a literal outside APPEND: 128 KiB is asked for, one byte more is not
      w.send("t1 SEARCH SUBJECT {131072}\r\n");
      assertTrue(w.line().startsWith("+ "));
      w.send("y".repeat(131072) + "\r\n");
      assertTrue(w.until("t1").getLast().startsWith("t1 OK"));
      w.send("t2 SEARCH SUBJECT {131073}\r\n");
      assertEquals("t2 BAD literal of 131073 bytes is too big (at most 131072)", w.line());
      assertTrue(w.command("t3 NOOP").getLast().startsWith("t3 OK"));

      // APPEND up to the message-size limit
      w.send("a1 APPEND INBOX {" + LIMIT + "}\r\n");
      assertTrue(w.line().startsWith("+ "));
      w.send("Subject: at the limit\r\n\r\n" + "z".repeat(LIMIT - 25) + "\r\n");
      assertTrue(w.until("a1").getLast().startsWith("a1 OK [APPENDUID "));
      w.send("a2 APPEND INBOX {" + (LIMIT + 1) + "}\r\n");
      assertEquals(
          "a2 BAD literal of " + (LIMIT + 1) + " bytes is too big (at most " + LIMIT + ")",
          w.line());
      assertTrue(w.command("a3 NOOP").getLast().startsWith("a3 OK"));

      // a LITERAL+ past the limit cannot be skipped: BYE
      w.send("a4 APPEND INBOX {" + (LIMIT + 1) + "+}\r\n");
      String bye = w.line();
      assertTrue(bye.startsWith("* BYE literal of " + (LIMIT + 1) + " bytes is too big"), bye);
    }
  }
}
