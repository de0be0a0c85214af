package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
  @Test
  void randomPutsAndRemovesAgreeWithAHashMap() {
    Random r = new Random(7);
    LongMap<Long> m = new LongMap<>();
    Map<Long, Long> expected = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      // few distinct keys, many collisions: removals inside runs of used slots
      long k = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(2_000) * 1024L;
      if (r.nextInt(3) == 0) {
        m.remove(k);
        expected.remove(k);
      } else {
        m.put(k, (long) i);
        expected.put(k, (long) i);
      }
      if (i % 1000 == 0) {
        long probe = r.nextInt(2_000) * 1024L;
        assertEquals(expected.get(probe), m.get(probe));
      }
    }
    Map<Long, Long> actual = new HashMap<>();
    m.forEach(actual::put);
    assertEquals(expected, actual);
    for (Map.Entry<Long, Long> e : expected.entrySet()) {
      assertEquals(e.getValue(), m.get(e.getKey()));
    }
    m.clear();
    assertEquals(null, m.get(expected.keySet().iterator().next()));
  }
}
