package dev.msgstore.commands.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The load generator's bodies: sizes between 2 and 50 KB, log-normal with a median near 5 KB, the
 * same for the same seed; each message of the size drawn and with its own Message-ID. Its
 * transaction loop against msgstore's LMTP server is tested in the services module, where that
 * server is.
 */
class LmtpLoadTest {
  @Test
  void bodySizesAreLogNormalBetween2And50KbWithAMedianNear5Kb() {
    int[] s = LmtpLoad.sizes(13, 20_000);
    int[] sorted = s.clone();
    Arrays.sort(sorted);
    assertEquals(2 * 1024, sorted[0], "the smallest is cut at 2 KB");
    assertTrue(sorted[sorted.length - 1] <= 50 * 1024, "the largest at most 50 KB");
    int median = sorted[sorted.length / 2];
    assertTrue(median > 4_700 && median < 5_600, "median " + median);
    // log-normal, sigma 0.6: about 6% below 2 KB (cut to 2 KB), a tail past 10 KB (about 13%)
    long atFloor = Arrays.stream(s).filter(v -> v == 2 * 1024).count();
    long past10k = Arrays.stream(s).filter(v -> v > 10 * 1024).count();
    assertTrue(atFloor > 800 && atFloor < 1_800, atFloor + " at 2 KB");
    assertTrue(past10k > 1_800 && past10k < 3_400, past10k + " past 10 KB");
    // the mean is above the median: a right tail
    assertTrue(Arrays.stream(s).average().orElseThrow() > median * 1.1);
  }

  @Test
  void theSameSeedGivesTheSameSizes() {
    assertArrayEquals(LmtpLoad.sizes(7, 1_000), LmtpLoad.sizes(7, 1_000));
    assertFalse(Arrays.equals(LmtpLoad.sizes(7, 1_000), LmtpLoad.sizes(8, 1_000)));
  }

  @Test
  void eachMessageHasTheSizeDrawnAndItsOwnMessageId() {
    Set<String> ids = new HashSet<>();
    for (int size : LmtpLoad.sizes(13, 500)) {
      byte[] m = BodySizes.message(size, "u1@bench.example", 1_000 + ids.size());
      assertEquals(size, m.length);
      String text = new String(m, StandardCharsets.US_ASCII);
      int at = text.indexOf("Message-ID: <");
      assertTrue(ids.add(text.substring(at, text.indexOf('>', at))), "a Message-ID repeated");
      assertTrue(text.contains("\r\n\r\n"), "a header, a blank line, a body");
      assertFalse(text.contains("\r\n."), "no line starts with a dot (nothing to stuff)");
    }
  }

  @Test
  void aPlanNeedsConnectionsUsersAndAMeasuredTime() {
    assertThrows(IllegalArgumentException.class, () -> new LmtpLoad.Plan(0, 50, "d", 1, 0, 100));
    assertThrows(IllegalArgumentException.class, () -> new LmtpLoad.Plan(4, 0, "d", 1, 0, 100));
    assertThrows(IllegalArgumentException.class, () -> new LmtpLoad.Plan(4, 50, "d", 1, 0, 0));
  }
}
