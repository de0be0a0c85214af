package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.event.MessageEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageHeadersTest {
  static MessageHeaders scan(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return MessageHeaders.scan(b, b.length);
  }

  @Test
  void readsCrLfHeaders() {
    MessageHeaders h =
        scan("Subject: x\r\nMessage-ID: <a@b>\r\nDate: Tue, 1 Jul 2003 10:52:37 +0200\r\n\r\nbody");
    assertEquals("<a@b>", h.messageId());
    assertEquals(1057049557000L, h.sentDate());
    assertEquals(71, h.headerSize());
    assertTrue(h.complete());
  }

  @Test
  void readsBareLfFoldedFieldsAndDateComments() {
    MessageHeaders h =
        scan("message-id:\n  <folded@b>\nDATE: Tue,  1 Jul 2003 10:52:37 +0200 (CEST)\n\nbody\n");
    assertEquals("<folded@b>", h.messageId());
    assertEquals(1057049557000L, h.sentDate());
    assertTrue(h.complete());
  }

  @Test
  void theSummaryIsFromToCcAndSubjectDecodedAndBounded() {
    MessageHeaders h =
        scan(
            "from: Ann <ann@b>\r\nSubject: =?UTF-8?Q?Caf=C3=A9?=\r\n  and more\r\nTO: joe@c\r\n"
                + "Cc: kim@c\r\nCc: second@c\r\n\r\nFrom: not@header\r\n");
    assertEquals(
        new MessageEvent.Summary("Ann <ann@b>", "joe@c, kim@c", "Café and more"), h.summary());
    byte[] utf8 = "Subject: Grüße\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("Grüße", MessageHeaders.scan(utf8, utf8.length).summary().subject(), "RFC 6532");
    MessageHeaders cc = scan("Cc: only@c\r\nSubject: " + "s".repeat(500) + "\r\n\r\n");
    assertEquals("only@c", cc.summary().to());
    assertEquals(MessageEvent.Summary.SUBJECT_LIMIT, cc.summary().subject().length());
    assertEquals(MessageEvent.Summary.NONE, scan("X: y\r\n\r\n").summary());
  }

  @Test
  void missingFieldsAndSeparatorAreReportedNotInvented() {
    MessageHeaders h = scan("Subject: caf\u00e9 8-bit\r\nDate: not a date\r\nno blank line");
    assertEquals("", h.messageId());
    assertEquals(0, h.sentDate());
    assertFalse(h.complete());
    assertEquals(52, h.headerSize(), "no blank line: the whole text is header");
  }

  /**
   * The fast reading of a canonical date agrees with the JDK's RFC 1123 parse on every shape it
   * takes (day name or not, one- or two-digit day, seconds or not, zones east and west, month ends
   * and leap days), and leaves every other shape (a day name that does not match, a named zone, Feb
   * 30, a comment, two spaces) to that parse.
   */
  @Test
  void theCanonicalDateFastPathAgreesWithTheJdkParse() {
    java.util.Random rnd = new java.util.Random(5322);
    String[] days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    String[] months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    for (int k = 0; k < 20_000; k++) {
      java.time.ZoneOffset zone =
          java.time.ZoneOffset.ofTotalSeconds((rnd.nextInt(2 * 14 * 4 + 1) - 14 * 4) * 900);
      java.time.ZonedDateTime t =
          java.time.Instant.ofEpochSecond(rnd.nextLong(4_102_444_800L))
              .atZone(zone)
              .withSecond(rnd.nextBoolean() ? 0 : rnd.nextInt(60));
      boolean seconds = t.getSecond() != 0 || rnd.nextBoolean();
      String text =
          (rnd.nextBoolean() ? days[t.getDayOfWeek().getValue() - 1] + ", " : "")
              + (rnd.nextBoolean() ? String.format("%02d", t.getDayOfMonth()) : t.getDayOfMonth())
              + " "
              + months[t.getMonthValue() - 1]
              + String.format(" %04d %02d:%02d", t.getYear(), t.getHour(), t.getMinute())
              + (seconds ? String.format(":%02d", t.getSecond()) : "")
              + " "
              + zone.getId().replace("Z", "+00:00").replace(":", "");
      long fast = MessageHeaders.parseCanonicalDate(text);
      assertEquals(MessageHeaders.parseAnyDate(text), fast, text);
      assertEquals(t.toInstant().toEpochMilli(), fast, text);
    }
    for (String other :
        new String[] {
          "Wed, 1 Jul 2003 10:52:37 +0200", // 1 July 2003 was a Tuesday
          "Tue, 1 Jul 2003 10:52:37 GMT",
          "30 Feb 2004 10:00 +0000",
          "29 Feb 2004 10:00 +0000",
          "1 Jul 2003 10:52:37 +0200 (CEST)",
          "1  Jul 2003 10:52:37 +0200",
          "1 jul 2003 10:52:37 +0200",
          "1 Jul 03 10:52:37 +0200",
          "1 Jul 2003 24:00:00 +0200",
          "1 Jul 2003 10:52:60 +0200",
          "1 Jul 2003 10:52 +1900",
          "",
          "not a date"
        }) {
      long fast = MessageHeaders.parseCanonicalDate(other);
      long expected = MessageHeaders.parseAnyDate(other);
      if (fast != Long.MIN_VALUE) {
        assertEquals(expected, fast, other);
      }
      assertEquals(expected, MessageHeaders.parseDate(other), other);
    }
  }

  /**
   * The header captured while a body streams by (HeadCapture keeps bytes only up to the blank line
   * that ends the header) reads as the whole message does, however the reads cut the stream: the
   * blank line split across reads, bare LF, CR LF, no blank line at all, an empty header.
   */
  @Test
  void theHeaderCapturedOnTheWayReadsAsTheWholeMessage() throws java.io.IOException {
    String[] messages = {
      "Subject: x\r\nMessage-ID: <a@b>\r\nDate: Tue, 1 Jul 2003 10:52:37 +0200\r\n\r\nbody\r\n\r\nmore",
      "message-id:\n  <folded@b>\nDATE: Tue,  1 Jul 2003 10:52:37 +0200 (CEST)\n\nbody\n\nx",
      "Subject: no blank line\r\nFrom: a@b\r\n",
      "\r\n\r\nbody after an empty header",
      "\n\nbody",
      "Subject: " + "y".repeat(20_000) + "\r\n\r\n" + "z".repeat(50_000),
    };
    for (String m : messages) {
      byte[] b = m.getBytes(StandardCharsets.ISO_8859_1);
      MessageHeaders whole = MessageHeaders.scan(b, b.length);
      for (int chunk : new int[] {1, 2, 3, 5, 8192, b.length + 1}) {
        HeadCapture capture = new HeadCapture(new Chunked(b, chunk), MessageHeaders.SCAN_LIMIT);
        byte[] buf = new byte[chunk];
        int total = 0;
        for (int n; (n = capture.read(buf, 0, buf.length)) >= 0; ) {
          total += n;
        }
        assertEquals(b.length, total);
        assertEquals(
            whole,
            capture.headers(),
            "chunks of " + chunk + ": " + m.substring(0, Math.min(12, m.length())));
      }
    }
  }

  /** A stream that returns at most {@code chunk} bytes a read. */
  private static final class Chunked extends java.io.ByteArrayInputStream {
    private final int chunk;

    Chunked(byte[] b, int chunk) {
      super(b);
      this.chunk = chunk;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, chunk));
    }
  }
}
