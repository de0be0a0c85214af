package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SORT and THREAD (RFC 5256) over a small conversation: criteria with REVERSE and ties, the search
 * criteria after the charset, UID forms, both threading algorithms, and the capabilities.
 */
class ImapSortThreadTest {
  @TempDir Path root;

  private static String message(String from, String subject, String date, String id, String refs) {
    return "From: "
        + from
        + "\r\nTo: joe@example.com\r\nSubject: "
        + subject
        + "\r\nDate: "
        + date
        + "\r\nMessage-ID: <"
        + id
        + ">\r\n"
        + (refs == null ? "" : "References: " + refs + "\r\n")
        + "\r\n"
        + "x".repeat(id.length() * 10)
        + "\r\n";
  }

  @Test
  void sortAndThread() throws Exception {
    try (ImapServer server = new ImapServer(root, "joe");
        Wire w = Wire.login(server.port(), "joe")) {
      String box = "user/joe/INBOX";
      server.deliver(
          box, message("carol@c.org", "plans", "Thu, 3 Dec 2026 10:00:00 +0000", "a@x", null));
      server.deliver(
          box,
          message(
              "Bob <bob@b.org>", "Re: plans", "Thu, 3 Dec 2026 09:00:00 +0000", "bb@x", "<a@x>"));
      server.deliver(
          box, message("ann@a.org", "other", "Thu, 3 Dec 2026 11:00:00 +0000", "ccc@x", null));
      server.deliver(
          box,
          message(
              "ann@a.org",
              "[list] Re: plans",
              "Thu, 3 Dec 2026 12:00:00 +0000",
              "dddd@x",
              "<a@x> <bb@x>"));
      List<String> caps = w.command("c CAPABILITY");
      assertTrue(
          caps.getFirst().contains(" SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES"),
          caps.toString());
      w.command("s SELECT INBOX");
      assertEquals("* SORT 3 4 2 1", w.command("a SORT (FROM) UTF-8 ALL").getFirst());
      assertEquals("* SORT 2 1 3 4", w.command("b SORT (DATE) US-ASCII ALL").getFirst());
      assertEquals("* SORT 4 3 1 2", w.command("d SORT (REVERSE DATE) UTF-8 ALL").getFirst());
      assertEquals(
          "* SORT 3 4 2 1", w.command("e SORT (SUBJECT REVERSE SIZE) UTF-8 ALL").getFirst());
      assertEquals(
          "* SORT 2", w.command("f SORT (REVERSE SIZE) UTF-8 FROM b SUBJECT plans").getFirst());
      assertEquals("* SORT 4 3 1 2", w.command("g UID SORT (REVERSE DATE) UTF-8 1:*").getFirst());
      assertTrue(w.command("h SORT (DATE) KOI8-R ALL").getLast().startsWith("h NO [BADCHARSET"));
      assertTrue(w.command("i SORT (NAME) UTF-8 ALL").getLast().startsWith("i BAD"));
      assertEquals(
          "* THREAD (2 (1)(4))(3)", w.command("j THREAD ORDEREDSUBJECT UTF-8 ALL").getFirst());
      assertEquals("* THREAD (1 2 4)(3)", w.command("k THREAD REFERENCES UTF-8 ALL").getFirst());
      assertEquals("* THREAD (1 4)", w.command("l UID THREAD REFERENCES UTF-8 1,4").getFirst());
      assertTrue(w.command("m THREAD NOSUCH UTF-8 ALL").getLast().startsWith("m BAD"));
    }
  }
}
