package dev.msgstore.services.imap.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library as the IMAP server uses it: on a store, through Store.openMessage, cached. */
class MessageStructuresTest {
  static final Author ADMIN = Author.of("admin", "MessageStructuresTest");
  static final String BOX = "user/joe/INBOX";

  @TempDir Path root;

  static List<MessageRecord> appendAll(Store s, byte[]... messages) throws IOException {
    s.execute(ADMIN, new CreateMailbox(BOX, null));
    for (byte[] m : messages) {
      s.append(ADMIN, BOX, new ByteArrayInputStream(m), AppendOptions.DEFAULT);
    }
    try (ProjectionReader r = s.read()) {
      return r.messages(r.mailbox(BOX).orElseThrow().id());
    }
  }

  static MailboxRecord box(Store s) {
    try (ProjectionReader r = s.read()) {
      return r.mailbox(BOX).orElseThrow();
    }
  }

  static String read(SectionBytes b) throws IOException {
    try (InputStream in = b.open().get()) {
      byte[] all = in.readAllBytes();
      assertEquals(b.size(), all.length, "the size announced is the size sent");
      return new String(all, StandardCharsets.UTF_8);
    }
  }

  static String text(FetchValue v) {
    return ((FetchValue.Atom) v).value();
  }

  @Test
  void readsThroughTheStoreAndParsesEachBodyOnce() throws IOException {
    byte[] mime = Mime.crlf(ImaptestGoldenTest.BODY_MIME);
    byte[] plain = Mime.crlf("Subject: plain\nFrom: a@b.c\n\nthe body\n");
    String expected;
    try (Store s = Store.open(root)) {
      List<MessageRecord> msgs = appendAll(s, mime, plain, mime); // the third shares a body
      MailboxRecord box = box(s);
      try (MessageStructures ms = MessageStructures.open(s)) {
        expected = text(ms.bodyStructure(box, msgs.get(0), true));
        assertTrue(
            expected.startsWith(
                "((\"text\" \"x-myown\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1 NIL NIL NIL"
                    + " NIL)(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 298 (\"Sun, 12 Aug 2012"),
            expected);
        assertEquals(1, ms.parses());
        assertEquals(expected, text(ms.bodyStructure(box, msgs.get(0), true)));
        assertEquals(1, ms.parses(), "the second BODYSTRUCTURE comes from the cache");
        ms.envelope(box, msgs.get(0));
        ms.bodyStructure(box, msgs.get(0), false);
        assertEquals("hello\r\n", read(ms.section(box, msgs.get(0), Mime.sec("1"))));
        assertEquals("<p>Hello world</p>\r\n", read(ms.section(box, msgs.get(0), Mime.sec("2.1"))));
        assertEquals(
            "From: sub@domain.org\r\nSubject: submsg\r\n\r\n",
            read(ms.section(box, msgs.get(0), Mime.sec("2.HEADER.FIELDS (subject FROM)"))));
        assertTrue(
            ms.matches(
                box, msgs.get(0), new TextSearch(TextSearch.Where.BODY, null, "another WORLD")));
        assertEquals(1, ms.parses(), "FETCH and SEARCH use the cached structure");
        ms.bodyStructure(box, msgs.get(2), true);
        assertEquals(1, ms.parses(), "a message with the same body shares its structure");

        assertEquals(
            "(NIL \"plain\" ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\""
                + " \"b.c\")) NIL NIL NIL NIL NIL)",
            text(ms.envelope(box, msgs.get(1))));
        assertEquals(2, ms.parses());
        assertEquals(
            new String(plain, StandardCharsets.UTF_8),
            read(ms.section(box, msgs.get(1), Section.all())));
        assertFalse(
            ms.matches(box, msgs.get(1), new TextSearch(TextSearch.Where.BODY, null, "plain")));
        assertTrue(
            ms.matches(box, msgs.get(1), new TextSearch(TextSearch.Where.TEXT, null, "plain")));
      }
      // the cache outlives the instance: a new one parses nothing
      try (MessageStructures ms = MessageStructures.open(s)) {
        assertEquals(expected, text(ms.bodyStructure(box, msgs.get(0), true)));
        assertEquals(0, ms.parses());
      }
      // deleting the cache is harmless: the structure is parsed again, the same
      Path cache = MessageStructures.cacheDirectory(root);
      assertTrue(Files.isDirectory(cache));
      FileTrees.delete(cache);
      try (MessageStructures ms = MessageStructures.open(s)) {
        assertEquals(expected, text(ms.bodyStructure(box, msgs.get(0), true)));
        assertEquals(1, ms.parses());
        assertEquals(expected, text(ms.bodyStructure(box, msgs.get(0), true)));
        assertEquals(1, ms.parses());
      }
    }
  }
}
