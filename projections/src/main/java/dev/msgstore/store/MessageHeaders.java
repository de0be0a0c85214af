package dev.msgstore.store;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What the index needs from a message's header: its size, Message-ID and Date. Bare LF line ends
 * and 8-bit bytes are read as they are: the body is stored faithfully, whatever the header says.
 */
public record MessageHeaders(int headerSize, String messageId, long sentDate, boolean complete) {
  /** How much of a message is looked at for its header. */
  public static final int SCAN_LIMIT = 256 * 1024;

  public static MessageHeaders scan(byte[] head, int length) {
    int end = headerEnd(head, length);
    boolean complete = end >= 0;
    int headerSize = complete ? end : length;
    String header = new String(head, 0, headerSize, StandardCharsets.ISO_8859_1);
    String messageId = field(header, "message-id");
    long sent = parseDate(field(header, "date"));
    return new MessageHeaders(headerSize, messageId, sent, complete);
  }

  /** The offset just past the blank line ending the header, or -1 when there is none. */
  static int headerEnd(byte[] b, int length) {
    for (int i = 0; i < length; i++) {
      if (b[i] == '\n') {
        if (i + 1 < length && b[i + 1] == '\n') {
          return i + 2;
        }
        if (i + 2 < length && b[i + 1] == '\r' && b[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    return -1;
  }

  /** The unfolded value of the first field called {@code name}, or "" when absent. */
  static String field(String header, String name) {
    String[] lines = header.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        StringBuilder v = new StringBuilder(line.substring(colon + 1).trim());
        while (i + 1 < lines.length
            && !lines[i + 1].isEmpty()
            && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
          v.append(' ').append(lines[++i].trim());
        }
        return v.toString();
      }
    }
    return "";
  }

  /** RFC 5322 date-time in milliseconds, or 0 when missing or unparseable. */
  static long parseDate(String value) {
    String v = value.replaceAll("\\([^)]*\\)", "").trim().replaceAll("\\s+", " ");
    if (v.isEmpty()) {
      return 0;
    }
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
          .toInstant()
          .toEpochMilli();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
