package dev.msgstore.store;

import dev.msgstore.journal.event.MessageEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * What the index needs from a message's header: its size, Message-ID and Date, and the summary
 * (From, To and Cc, Subject) undelete searches by. Bare LF line ends and 8-bit bytes are read as
 * they are: the body is stored faithfully, whatever the header says.
 */
public record MessageHeaders(
    int headerSize,
    String messageId,
    long sentDate,
    boolean complete,
    MessageEvent.Summary summary) {
  /** How much of a message is looked at for its header. */
  public static final int SCAN_LIMIT = 256 * 1024;

  private static final Pattern COMMENT = Pattern.compile("\\([^)]*\\)");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** The fields read, in the order {@link #fields} returns them. */
  private static final String[] NAMES = {"message-id", "date", "from", "to", "cc", "subject"};

  public MessageHeaders {
    summary = summary == null ? MessageEvent.Summary.NONE : summary;
  }

  /** Headers without a summary (a caller that did not read it). */
  public MessageHeaders(int headerSize, String messageId, long sentDate, boolean complete) {
    this(headerSize, messageId, sentDate, complete, MessageEvent.Summary.NONE);
  }

  public static MessageHeaders scan(byte[] head, int length) {
    int end = headerEnd(head, length);
    boolean complete = end >= 0;
    int headerSize = complete ? end : length;
    String header = new String(head, 0, headerSize, StandardCharsets.ISO_8859_1);
    String[] v = fields(header, NAMES);
    long sent = parseDate(v[1]);
    return new MessageHeaders(headerSize, v[0], sent, complete, summary(v[2], v[3], v[4], v[5]));
  }

  /** The summary of the header in {@code head[0, length)} (which may hold more than the header). */
  public static MessageEvent.Summary summaryOf(byte[] head, int length) {
    return scan(head, length).summary();
  }

  private static MessageEvent.Summary summary(String from, String to, String cc, String subject) {
    String recipients = to.isEmpty() ? cc : cc.isEmpty() ? to : to + ", " + cc;
    return new MessageEvent.Summary(text(from), text(recipients), text(subject));
  }

  /**
   * A field's value as a person reads it: 8-bit bytes as UTF-8 when they are (RFC 6532), encoded
   * words decoded (RFC 2047). Most values have neither and are returned as they are.
   */
  static String text(String latin1) {
    String v = latin1;
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) > 0x7f) {
        v = utf8(v);
        break;
      }
    }
    if (v.contains("=?")) {
      v = DecoderUtil.decodeEncodedWords(v, DecodeMonitor.SILENT);
    }
    return v;
  }

  private static String utf8(String latin1) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return latin1; // not UTF-8: Latin-1 is as good a guess as any
    }
  }

  /**
   * The unfolded values of the first fields called {@code names} (lower case), "" for those absent:
   * one pass over the header whatever the number of names.
   */
  static String[] fields(String header, String[] names) {
    String[] out = new String[names.length];
    int missing = names.length;
    int at = 0;
    while (at < header.length() && missing > 0) {
      int eol = lineEnd(header, at);
      int colon = header.indexOf(':', at);
      if (colon > at && colon < eol) {
        for (int n = 0; n < names.length; n++) {
          if (out[n] == null && nameIs(header, at, colon, names[n])) {
            out[n] = value(header, colon, eol);
            missing--;
            break;
          }
        }
      }
      at = nextLine(header, eol);
    }
    for (int n = 0; n < names.length; n++) {
      if (out[n] == null) {
        out[n] = "";
      }
    }
    return out;
  }

  /** The value after {@code colon} on the line ending at {@code eol}, with its continuations. */
  private static String value(String header, int colon, int eol) {
    StringBuilder v = new StringBuilder(header.substring(colon + 1, eol).trim());
    int next = nextLine(header, eol);
    while (next < header.length() && (header.charAt(next) == ' ' || header.charAt(next) == '\t')) {
      int end = lineEnd(header, next);
      v.append(v.isEmpty() ? "" : " ").append(header.substring(next, end).trim());
      next = nextLine(header, end);
    }
    return v.toString();
  }

  /**
   * The offset just past the blank line ending the header (LF or CR LF line ends), or -1 when there
   * is none within {@code length} bytes.
   */
  public static int headerEnd(byte[] b, int length) {
    return headerEnd(b, 0, length);
  }

  /**
   * As {@link #headerEnd(byte[], int)}, looking for the line end that starts the blank line from
   * {@code from} on (a caller that looked at fewer bytes before looks again from two bytes short of
   * where it stopped).
   */
  static int headerEnd(byte[] b, int from, int length) {
    for (int i = from; i < length; i++) {
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
