package dev.msgstore.services.imap.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** APPEND's date-time read by hand answers as the formatter it stands in front of. */
class AppendDateTest {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private static long formatter(String text) {
    return ZonedDateTime.parse(text.strip(), AppendHandler.DATE_TIME).toInstant().toEpochMilli();
  }

  private static void same(String text) {
    long expected;
    try {
      expected = formatter(text);
    } catch (DateTimeParseException e) {
      assertThrows(DateTimeParseException.class, () -> AppendHandler.internalDate(text), text);
      return;
    }
    assertEquals(expected, AppendHandler.internalDate(text), text);
  }

  @Test
  void readsAsTheFormatterDoes() {
    Random random = new Random(14);
    for (int i = 0; i < 20_000; i++) {
      int day = random.nextInt(33); // 0 and 32 are out of range, 29..31 sometimes
      String month = MONTHS[random.nextInt(12)];
      if (random.nextInt(10) == 0) {
        month = month.toUpperCase(java.util.Locale.ROOT);
      }
      int year = random.nextInt(10) == 0 ? random.nextInt(10_000) : 1970 + random.nextInt(100);
      String dayText =
          switch (random.nextInt(3)) {
            case 0 -> Integer.toString(day);
            case 1 -> String.format("%02d", day);
            default -> day < 10 ? " " + day : Integer.toString(day);
          };
      String text =
          String.format(
              "%s-%s-%04d %02d:%02d:%02d %c%02d%02d",
              dayText,
              month,
              year,
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62),
              random.nextBoolean() ? '+' : '-',
              random.nextInt(20),
              random.nextInt(62));
      same(text);
    }
    for (String text :
        new String[] {
          "17-Jul-1996 02:44:25 -0700",
          " 7-Jul-1996 02:44:25 -0700",
          "29-Feb-2000 23:59:59 +1759",
          "29-Feb-1900 00:00:00 +0000",
          "31-Apr-2024 00:00:00 +0000",
          "01-Jan-0001 00:00:00 +0000",
          "01-Jan-0000 00:00:00 +0000",
          "01-jan-2024 00:00:00 +1800",
          "01-Foo-2024 00:00:00 +0000",
          "01-Jan-2024 24:00:00 +0000",
          "01-Jan-2024 00:00:60 +0000",
          "1-Jan-2024 0:00:00 +0000",
          "01-Jan-24 00:00:00 +0000",
          "01-Jan-2024 00:00:00 0000",
          "01-Jan-2024 00:00:00 +00000",
          "001-Jan-2024 00:00:00 +0000",
          "01-Jan-12024 00:00:00 +0000",
          ""
        }) {
      same(text);
    }
  }
}
