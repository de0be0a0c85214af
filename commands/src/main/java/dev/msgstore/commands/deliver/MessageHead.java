package dev.msgstore.commands.deliver;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.MessageHeaders;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;

/**
 * The first {@link #LIMIT} bytes of the message on standard input: enough to decide whether it is a
 * message at all and to read its header, before anything is stored. The rest of the input is not
 * read here: it streams into the body store, which spools it (so a large message never sits whole
 * in heap).
 *
 * <p>A message is refused (exit 65) when the input is empty, when its first line is not a header
 * field, or when no blank line ends the header within the first {@link #LIMIT} bytes. A message
 * that is all header (no body, no blank line, every line a header field) is a message (RFC 5322
 * makes the body optional). Nothing else is checked: 8-bit header bytes, bare LF line ends and a
 * missing Message-ID are stored as they came.
 */
final class MessageHead {
  /** How far the header may reach: the store's own header scan limit (256 KiB). */
  static final int LIMIT = MessageHeaders.SCAN_LIMIT;

  /** Longer Message-IDs are not indexed (RFC 5322 caps a line at 998 characters). */
  private static final int MAX_MESSAGE_ID = 998;

  private final byte[] head; // the first bytes read, up to LIMIT + 1
  private final boolean more; // whether the input goes on past head
  private final int headerSize;
  private final String lineEnd;
  private final String messageId; // null until parsed()
  private final long sentDate;

  private MessageHead(
      byte[] head, boolean more, int headerSize, String lineEnd, String messageId, long sentDate) {
    this.head = head;
    this.more = more;
    this.headerSize = headerSize;
    this.lineEnd = lineEnd;
    this.messageId = messageId;
    this.sentDate = sentDate;
  }

  /** Reads the head of {@code in} and checks it is a message; refuses it (exit 65) if not. */
  static MessageHead read(InputStream in) throws IOException {
    byte[] head = in.readNBytes(LIMIT + 1);
    boolean more = head.length > LIMIT;
    int scan = Math.min(head.length, LIMIT);
    if (scan == 0) {
      throw notAMessage("the input is empty");
    }
    int firstEol = indexOf(head, (byte) '\n', 0, scan);
    int firstEnd = firstEol < 0 ? scan : firstEol;
    if (!isField(head, 0, firstEnd)) {
      String hint =
          startsWith(head, scan, "From ")
              ? " (an mbox 'From ' envelope line? pass the message without it)"
              : "";
      throw notAMessage(
          "its first line is not a header field: '" + preview(head, firstEnd) + "'" + hint);
    }
    int end = MessageHeaders.headerEnd(head, scan);
    if (end < 0) {
      if (more) {
        throw notAMessage(
            "no blank line ends its header within the first " + LIMIT / 1024 + " KiB");
      }
      if (!allHeader(head, scan)) {
        throw notAMessage("no blank line separates its header from its body");
      }
      end = scan; // a message that is all header
    }
    String lineEnd = (firstEol < 0 || (firstEol > 0 && head[firstEol - 1] == '\r')) ? "\r\n" : "\n";
    return new MessageHead(head, more, end, lineEnd, null, 0);
  }

  /**
   * This head with its Message-ID and Date read (jakarta.mail's header parser), for a delivery into
   * the store; refuses the message (exit 65) if its header cannot be parsed. Not done by {@link
   * #read}: a message handed to the daemon is parsed there, and deliver's client path loads no mail
   * library.
   */
  MessageHead parsed() {
    InternetHeaders fields;
    try {
      fields = new InternetHeaders(new ByteArrayInputStream(head, 0, headerSize));
    } catch (MessagingException e) {
      throw notAMessage("its header cannot be parsed: " + e.getMessage());
    }
    return new MessageHead(
        head,
        more,
        headerSize,
        lineEnd,
        messageId(fields.getHeader("Message-ID", null)),
        sentDate(fields.getHeader("Date", null)));
  }

  private static VerbFailure notAMessage(String why) {
    return new VerbFailure(ExitCodes.DATA, "standard input is not a mail message: " + why);
  }

  /** The message as stored: {@code prefix} (a Return-Path line, or empty), the head, the rest. */
  InputStream stream(byte[] prefix, InputStream rest) {
    InputStream start =
        new SequenceInputStream(new ByteArrayInputStream(prefix), new ByteArrayInputStream(head));
    return more ? new SequenceInputStream(start, rest) : start;
  }

  /** The header's size in the input: up to and including the blank line that ends it. */
  int headerSize() {
    return headerSize;
  }

  /** The line end of the message's first line (CR LF, or a bare LF), for a line put before it. */
  String lineEnd() {
    return lineEnd;
  }

  /** The Message-ID field unfolded, or "" when missing. */
  String messageId() {
    return messageId;
  }

  /** The Date field in milliseconds, or 0 when missing or not a date. */
  long sentDate() {
    return sentDate;
  }

  /**
   * What the index records, once {@code prefixBytes} (the Return-Path line) are put first; of a
   * {@link #parsed} head.
   */
  MessageHeaders headers(int prefixBytes) {
    if (messageId == null) {
      throw new IllegalStateException("the head was not parsed");
    }
    return new MessageHeaders(
        headerSize + prefixBytes,
        messageId,
        sentDate,
        true,
        MessageHeaders.summaryOf(head, headerSize));
  }

  private static String messageId(String raw) {
    if (raw == null) {
      return "";
    }
    String id = MimeUtility.unfold(raw).strip();
    return id.length() > MAX_MESSAGE_ID ? "" : id;
  }

  private static long sentDate(String raw) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      Date d = new MailDateFormat().parse(MimeUtility.unfold(raw).strip());
      return d == null ? 0 : d.getTime();
    } catch (ParseException | RuntimeException e) {
      return 0;
    }
  }

  /** A header field's first line: a field name (printable US-ASCII but ':'), blanks, ':'. */
  static boolean isField(byte[] b, int from, int to) {
    if (to > from && b[to - 1] == '\r') {
      to--;
    }
    int i = from;
    while (i < to && b[i] > 32 && b[i] < 127 && b[i] != ':') {
      i++;
    }
    if (i == from) {
      return false;
    }
    while (i < to && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return i < to && b[i] == ':';
  }

  /** Every line a header field or a continuation (no blank line: a message without a body). */
  private static boolean allHeader(byte[] b, int length) {
    int at = 0;
    while (at < length) {
      int eol = indexOf(b, (byte) '\n', at, length);
      int end = eol < 0 ? length : eol;
      boolean continuation = at > 0 && (b[at] == ' ' || b[at] == '\t');
      if (!continuation && !isField(b, at, end)) {
        return false;
      }
      at = end + 1;
    }
    return true;
  }

  private static int indexOf(byte[] b, byte value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int length, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (length < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (b[i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  /** The first line, short and printable, to show in an error. */
  private static String preview(byte[] b, int end) {
    if (end > 0 && b[end - 1] == '\r') {
      end--;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < end && s.length() < 40; i++) {
      int c = b[i] & 0xff;
      s.append(c >= 32 && c < 127 ? (char) c : '?');
    }
    return end > 40 ? s + "..." : s.toString();
  }
}
