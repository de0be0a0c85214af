package dev.msgstore.services.imap.handler;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * FETCH's INTERNALDATE (RFC 3501 date-time, in UTC): {@code "dd-Mmm-yyyy HH:mm:ss +0000"}, quoted.
 * Written by hand for the years 1000 to 9999, where it is exactly what {@link #FORMAT} writes; any
 * other year goes to the formatter. A FETCH of many messages wrote each through DateTimeFormatter.
 */
final class InternalDate {
  static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private InternalDate() {}

  /** {@code millis} since the epoch as a quoted date-time. */
  static String quoted(long millis) {
    long seconds = Math.floorDiv(millis, 1000L);
    long day = Math.floorDiv(seconds, 86_400L);
    int second = (int) Math.floorMod(seconds, 86_400L);
    LocalDate d = LocalDate.ofEpochDay(day);
    int year = d.getYear();
    if (year < 1000 || year > 9999) {
      return "\"" + FORMAT.format(Instant.ofEpochMilli(millis)) + "\"";
    }
    char[] c = new char[28];
    c[0] = '"';
    two(c, 1, d.getDayOfMonth());
    c[3] = '-';
    MONTHS[d.getMonthValue() - 1].getChars(0, 3, c, 4);
    c[7] = '-';
    two(c, 8, year / 100);
    two(c, 10, year % 100);
    c[12] = ' ';
    two(c, 13, second / 3600);
    c[15] = ':';
    two(c, 16, second / 60 % 60);
    c[18] = ':';
    two(c, 19, second % 60);
    " +0000\"".getChars(0, 7, c, 21);
    return new String(c);
  }

  private static void two(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 10);
    c[at + 1] = (char) ('0' + v % 10);
  }
}
