package dev.msgstore.store;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the index needs from a message's header: its size, Message-ID and Date. Bare LF line ends
 * and 8-bit bytes are read as they are: the body is stored faithfully, whatever the header says.
 */
public record MessageHeaders(int headerSize, String messageId, long sentDate, boolean complete) {
  /** How much of a message is looked at for its header. */
  public static final int SCAN_LIMIT = 256 * 1024;

  private static final Pattern COMMENT = Pattern.compile("\\([^)]*\\)");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  public static MessageHeaders scan(byte[] head, int length) {
    int end = headerEnd(head, length);
    boolean complete = end >= 0;
    int headerSize = complete ? end : length;
    String header = new String(head, 0, headerSize, StandardCharsets.ISO_8859_1);
    String messageId = field(header, "message-id");
    long sent = parseDate(field(header, "date"));
    return new MessageHeaders(headerSize, messageId, sent, complete);
  }

  /**
   * The offset just past the blank line ending the header (LF or CR LF line ends), or -1 when there
   * is none within {@code length} bytes.
   */
  public static int headerEnd(byte[] b, int length) {
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
    int at = 0;
    while (at < header.length()) {
      int eol = lineEnd(header, at);
      int colon = header.indexOf(':', at);
      if (colon > at && colon < eol && header.substring(at, colon).trim().equalsIgnoreCase(name)) {
        StringBuilder v = new StringBuilder(header.substring(colon + 1, eol).trim());
        int next = nextLine(header, eol);
        while (next < header.length()
            && (header.charAt(next) == ' ' || header.charAt(next) == '\t')) {
          int end = lineEnd(header, next);
          v.append(v.isEmpty() ? "" : " ").append(header.substring(next, end).trim());
          next = nextLine(header, end);
        }
        return v.toString();
      }
      at = nextLine(header, eol);
    }
    return "";
  }

  /** Where the line starting at {@code from} ends (before CR LF or LF). */
  private static int lineEnd(String s, int from) {
    int lf = s.indexOf('\n', from);
    if (lf < 0) {
      return s.length();
    }
    return lf > from && s.charAt(lf - 1) == '\r' ? lf - 1 : lf;
  }

  private static int nextLine(String s, int lineEnd) {
    if (lineEnd < s.length() && s.charAt(lineEnd) == '\r') {
      lineEnd++;
    }
    return lineEnd + 1;
  }

  /** RFC 5322 date-time in milliseconds, or 0 when missing or unparseable. */
  static long parseDate(String value) {
    String v = SPACES.matcher(COMMENT.matcher(value).replaceAll("").trim()).replaceAll(" ");
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
