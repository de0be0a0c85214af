package dev.msgstore.services.imap.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** INTERNALDATE written by hand is what DateTimeFormatter writes, for every instant tried. */
class InternalDateTest {
  private static String formatter(long millis) {
    return "\"" + InternalDate.FORMAT.format(Instant.ofEpochMilli(millis)) + "\"";
  }

  @Test
  void writesWhatTheFormatterWrites() {
    Random random = new Random(14);
    long from = LocalDateTime.of(-200, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    long to = LocalDateTime.of(12_000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    for (int i = 0; i < 20_000; i++) {
      long millis = from + Math.floorMod(random.nextLong(), to - from);
      assertEquals(formatter(millis), InternalDate.quoted(millis), Long.toString(millis));
    }
    long[] edges = {
      0,
      -1,
      999,
      -999,
      -1000,
      86_399_999,
      86_400_000,
      LocalDateTime.of(2000, 2, 29, 23, 59, 59).toInstant(ZoneOffset.UTC).toEpochMilli(),
      LocalDateTime.of(1000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli(),
      LocalDateTime.of(1000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli() - 1,
      LocalDateTime.of(9999, 12, 31, 23, 59, 59).toInstant(ZoneOffset.UTC).toEpochMilli() + 999,
      LocalDateTime.of(10_000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli(),
    };
    for (long millis : edges) {
      assertEquals(formatter(millis), InternalDate.quoted(millis), Long.toString(millis));
    }
    assertEquals("\"03-Dec-2026 23:11:03 +0000\"", InternalDate.quoted(1_796_339_463_000L));
  }
}
