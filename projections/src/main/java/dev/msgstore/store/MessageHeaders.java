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
      if (colon > at && colon < eol && nameIs(header, at, colon, name)) {
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

  /**
   * Whether {@code s[from, to)}, trimmed as {@link String#trim} does, is {@code name} ignoring
   * case: without the two strings per header line that substring and trim made.
   */
  private static boolean nameIs(String s, int from, int to, String name) {
    while (from < to && s.charAt(from) <= ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) <= ' ') {
      to--;
    }
    return to - from == name.length() && s.regionMatches(true, from, name, 0, name.length());
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
    long fast = parseCanonicalDate(value);
    return fast != NOT_CANONICAL ? fast : parseAnyDate(value);
  }

  private static final long NOT_CANONICAL = Long.MIN_VALUE;
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final String DAYS = "MonTueWedThuFriSatSun";

  /**
   * The date of nearly every message, {@code [Tue, ]1 Jul 2003 10:52:37 +0200}, read without
   * regular expressions or a {@link DateTimeFormatter} (which cost a tenth of a delivery's CPU):
   * single spaces, a numeric zone, no comment, a day name that matches the date. Anything else is
   * {@link #NOT_CANONICAL}, for {@link #parseAnyDate}, so the two always agree.
   */
  static long parseCanonicalDate(String v) {
    try {
      int i = 0;
      int n = v.length();
      int dayName = -1;
      if (n > 4 && v.charAt(3) == ',') {
        int d = DAYS.indexOf(v.substring(0, 3));
        if (d < 0 || d % 3 != 0 || v.charAt(4) != ' ') {
          return NOT_CANONICAL;
        }
        dayName = d / 3 + 1;
        i = 5;
      }
      int dayEnd = v.indexOf(' ', i);
      if (dayEnd - i < 1 || dayEnd - i > 2 || n < dayEnd + 21) {
        return NOT_CANONICAL;
      }
      int day = digits(v, i, dayEnd);
      int m = MONTHS.indexOf(v.substring(dayEnd + 1, dayEnd + 4));
      if (m < 0 || m % 3 != 0 || v.charAt(dayEnd + 4) != ' ' || v.charAt(dayEnd + 9) != ' ') {
        return NOT_CANONICAL;
      }
      int year = digits(v, dayEnd + 5, dayEnd + 9);
      int t = dayEnd + 10;
      int hour = digits(v, t, t + 2);
      if (v.charAt(t + 2) != ':') {
        return NOT_CANONICAL;
      }
      int minute = digits(v, t + 3, t + 5);
      int second = 0;
      int z = t + 5;
      if (v.charAt(z) == ':') {
        second = digits(v, z + 1, z + 3);
        z += 3;
      }
      if (n != z + 6 || v.charAt(z) != ' ') {
        return NOT_CANONICAL;
      }
      char sign = v.charAt(z + 1);
      int offHours = digits(v, z + 2, z + 4);
      int offMinutes = digits(v, z + 4, z + 6);
      if ((sign != '+' && sign != '-') || offHours > 17 || offMinutes > 59) {
        return NOT_CANONICAL;
      }
      int month = m / 3 + 1;
      if (day < 1
          || day > java.time.YearMonth.of(year, month).lengthOfMonth()
          || hour > 23
          || minute > 59
          || second > 59) {
        return NOT_CANONICAL;
      }
      java.time.LocalDate date = java.time.LocalDate.of(year, month, day);
      if (dayName > 0 && date.getDayOfWeek().getValue() != dayName) {
        return NOT_CANONICAL;
      }
      long offset = (sign == '-' ? -1 : 1) * (offHours * 3600L + offMinutes * 60L);
      long epochSecond = date.toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second - offset;
      return epochSecond * 1000;
    } catch (RuntimeException e) {
      return NOT_CANONICAL;
    }
  }

  /** The decimal number in {@code [from, to)}; throws on anything but ASCII digits. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        throw new NumberFormatException();
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * Any RFC 5322 date-time the JDK's RFC 1123 format reads, comments and folding whitespace too.
   */
  static long parseAnyDate(String value) {
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
