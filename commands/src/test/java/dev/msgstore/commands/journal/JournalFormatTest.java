package dev.msgstore.commands.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JournalFormatTest {
  private static final DateTimeFormatter FORMATTER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static String byFormatter(long micros) {
    return FORMATTER.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
  }

  private static String byHand(long micros) {
    return JournalFormat.time(new StringBuilder(), micros).toString();
  }

  @Test
  void aCommitsTimeIsWrittenAsTheFormatterWritesIt() {
    long[] edges = {
      0,
      1,
      -1,
      999_999,
      1_000_000,
      -1_000_000,
      -1_000_001,
      86_400_000_000L - 1,
      86_400_000_000L,
      -86_400_000_000L,
      Instant.parse("2026-12-04T07:12:03.526658Z").toEpochMilli() * 1000 + 658,
      Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000,
      Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000 - 1, // year 0: formatter's
      Instant.parse("9999-12-31T23:59:59.999999Z").getEpochSecond() * 1_000_000 + 999_999,
      Instant.parse("9999-12-31T23:59:59.999999Z").getEpochSecond() * 1_000_000 + 1_000_000,
      Instant.parse("2000-02-29T12:00:00Z").getEpochSecond() * 1_000_000,
      Long.MAX_VALUE,
      Long.MIN_VALUE
    };
    for (long micros : edges) {
      assertEquals(byFormatter(micros), byHand(micros), "at " + micros);
    }
    Random random = new Random(18);
    long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond() * 1_000_000;
    long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond() * 1_000_000;
    for (int i = 0; i < 100_000; i++) {
      long micros = from + Math.floorMod(random.nextLong(), to - from);
      assertEquals(byFormatter(micros), byHand(micros), "at " + micros);
    }
  }
}
