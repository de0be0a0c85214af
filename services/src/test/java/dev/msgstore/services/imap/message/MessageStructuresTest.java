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
import java.util.Optional;
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

  @Test
  void keepsWhatItReadInHeap() throws IOException {
    byte[] mime = Mime.crlf(ImaptestGoldenTest.BODY_MIME);
    try (Store s = Store.open(root)) {
      List<MessageRecord> msgs = appendAll(s, mime, mime); // two messages, one body
      MailboxRecord box = box(s);
      String structure;
      String envelope;
      String fields;
      try (MessageStructures ms = MessageStructures.open(s)) {
        structure = text(ms.bodyStructure(box, msgs.get(0), true));
        envelope = text(ms.envelope(box, msgs.get(0)));
        fields = read(ms.section(box, msgs.get(0), Mime.sec("HEADER.FIELDS (Subject From)")));
        assertEquals(1, ms.parses());
      }
      try (MessageStructures ms = MessageStructures.open(s)) {
        assertEquals(structure, text(ms.bodyStructure(box, msgs.get(0), true)));
        assertEquals(1, ms.loads(), "a new instance reads the LMDB cache once");
        assertEquals(structure, text(ms.bodyStructure(box, msgs.get(1), true)));
        assertEquals(envelope, text(ms.envelope(box, msgs.get(1))));
        ms.bodyStructure(box, msgs.get(0), false);
        assertEquals(1, ms.loads(), "then the structure and its texts come from heap");
        assertEquals(0, ms.parses());

        long reads = ms.bodyReads();
        assertEquals(
            fields, read(ms.section(box, msgs.get(0), Mime.sec("HEADER.FIELDS (Subject From)"))));
        assertEquals(reads + 1, ms.bodyReads(), "the header is read from the store once");
        assertEquals(
            fields, read(ms.section(box, msgs.get(1), Mime.sec("HEADER.FIELDS (FROM subject)"))));
        String header = read(ms.section(box, msgs.get(0), Mime.sec("HEADER")));
        try (InputStream head = ms.head(box, msgs.get(1), header.length())) {
          assertEquals(header, new String(head.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream head = ms.head(box, msgs.get(1), 5)) {
          assertEquals(
              header.substring(0, 5), new String(head.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(reads + 1, ms.bodyReads(), "then from heap, for either message");
        assertEquals(0, ms.parses());
      }
      try (MessageStructures ms = MessageStructures.open(s)) {
        // a longer start of the message held first: the fields still end with the header
        ms.head(box, msgs.get(0), msgs.get(0).size()).close();
        assertEquals(
            fields, read(ms.section(box, msgs.get(0), Mime.sec("HEADER.FIELDS (Subject From)"))));
      }
    }
  }

  static final String BINARY_BASE64 =
      """
      From: user@domain.org
      Date: Sat, 24 Mar 2007 23:00:00 +0200
      Mime-Version: 1.0
      Content-Type: multipart/mixed; boundary="foo
       bar"

      Root MIME prologue

      --foo bar
      Content-Type: text/x-myown; charset=us-ascii
      Content-Transfer-Encoding: base64


      aGVs
      bG8gd29y
      bGQ=

      --foo bar
      Content-Type: text/x-myown; charset=us-ascii
      Content-Transfer-Encoding: base64

        aGVs   \s
       bG8g \s
         d29y  \t\s
          bGQ=\s


      --foo bar
      Content-Type: text/x-myown; charset=us-ascii
      Content-Transfer-Encoding: base64

      aGVsbG8g
      dG8geW91IHRv
      bw==

      --foo bar
      Content-Type: text/x-myown; charset=us-ascii
      Content-Transfer-Encoding: base64

      aGVsbG8gdG8gZXZlcnlvbmUh
      --foo bar
      Content-Type: text/x-myown; charset=us-ascii
      Content-Transfer-Encoding: base64

      YWJjZGVmZw1oaWprbA0KbW5vCnBxcnN0dXZxeHl6

      --foo bar
      Content-Type: text/plain
      Content-Transfer-Encoding: x-uuencode

      begin 644 x
      --foo bar--
      Root MIME epilogue
      """;

  static final String BINARY_QP =
      """
      From: user@domain.org
      Date: Sat, 24 Mar 2007 23:00:00 +0200
      Mime-Version: 1.0
      Content-Type: multipart/mixed; boundary="foo
       bar"

      Root MIME prologue

      --foo bar
      Content-Type: text/x-myown; charset=us-ascii
      Content-Transfer-Encoding: quoted-printable

      hello \s
      bar=

      foo\t=
      bar
      foo\t \t=\s
      =62
      foo = \t
      bar
      foo =
      =62
      foo \s
      bar=

      foo_bar

      --foo bar--
      Root MIME epilogue
      """;

  @Test
  void binaryUndoesTransferEncodingsAsImaptestExpects() throws IOException {
    try (Store s = Store.open(root)) {
      List<MessageRecord> msgs = appendAll(s, Mime.crlf(BINARY_BASE64), Mime.crlf(BINARY_QP));
      MailboxRecord box = box(s);
      try (MessageStructures ms = MessageStructures.open(s)) {
        MessageRecord b64 = msgs.get(0);
        assertEquals("hello world", read(ms.binary(box, b64, List.of(1))));
        assertEquals("hello world", read(ms.binary(box, b64, List.of(2))));
        assertEquals("hello to you too", read(ms.binary(box, b64, List.of(3))));
        assertEquals("hello to everyone!", read(ms.binary(box, b64, List.of(4))));
        assertEquals("abcdefg\rhijkl\r\nmno\npqrstuvqxyz", read(ms.binary(box, b64, List.of(5))));
        assertEquals(30, ms.binary(box, b64, List.of(5)).size());
        assertEquals(0, ms.binary(box, b64, List.of(9)).size());
        org.junit.jupiter.api.Assertions.assertThrows(
            UnknownTransferEncodingException.class, () -> ms.binary(box, b64, List.of(6)));
        SectionBytes qp = ms.binary(box, msgs.get(1), List.of(1));
        assertEquals(65, qp.size());
        assertEquals(
            "hello\r\nbar\r\nfoo\tbar\r\nfoo\t \tb\r\nfoo bar\r\nfoo b\r\nfoo\r\nbar\r\n"
                + "foo_bar\r\n",
            read(qp));
      }
    }
  }

  @Test
  void headerValuesAndAddressesForSort() throws IOException {
    byte[] m =
        Mime.crlf(
            "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n  again\nFrom: =?iso-8859-1?q?J=F6rg?= <j@x.org>\n"
                + "To: grp: a@b.c, \"Bee\" <b@c.d>;\nX-Other: <o@p.q>\n\nbody\n");
    try (Store s = Store.open(root)) {
      MessageRecord msg = appendAll(s, m).get(0);
      MailboxRecord box = box(s);
      try (MessageStructures ms = MessageStructures.open(s)) {
        assertEquals(Optional.of("Grüße  again"), ms.headerValue(box, msg, "SUBJECT"));
        assertEquals(Optional.empty(), ms.headerValue(box, msg, "Cc"));
        assertEquals(
            List.of(new MailAddress("Jörg", "j", "x.org")), ms.addresses(box, msg, "from"));
        assertEquals(
            List.of(new MailAddress(null, "a", "b.c"), new MailAddress("Bee", "b", "c.d")),
            ms.addresses(box, msg, "To"));
        assertEquals(List.of(new MailAddress(null, "o", "p.q")), ms.addresses(box, msg, "x-other"));
        assertEquals(List.of(), ms.addresses(box, msg, "cc"));
      }
    }
  }
}
