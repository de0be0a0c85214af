package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void missingFieldsAndSeparatorAreReportedNotInvented() {
    MessageHeaders h = scan("Subject: caf\u00e9 8-bit\r\nDate: not a date\r\nno blank line");
    assertEquals("", h.messageId());
    assertEquals(0, h.sentDate());
    assertFalse(h.complete());
    assertEquals(52, h.headerSize(), "no blank line: the whole text is header");
  }
}
