package dev.msgstore.store.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.store.directory.DirectoryUnavailable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LookupCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final Map<String, Integer> asked = new HashMap<>();
  private final Map<String, String> directory = new HashMap<>(Map.of("joe", "Joe"));

  private Optional<String> lookUp(String key) {
    asked.merge(key, 1, Integer::sum);
    return Optional.ofNullable(directory.get(key));
  }

  private LookupCache<String, String> cache(int size, long ttlSeconds, long negativeSeconds) {
    return new LookupCache<>(
        size, Duration.ofSeconds(ttlSeconds), Duration.ofSeconds(negativeSeconds), now::get);
  }

  private void advanceSeconds(long s) {
    now.addAndGet(Duration.ofSeconds(s).toNanos());
  }

  @Test
  void aFoundEntryIsKeptForItsTtlThenAskedAgain() {
    LookupCache<String, String> c = cache(10, 60, 5);
    assertEquals(Optional.of("Joe"), c.get("joe", this::lookUp));
    directory.put("joe", "Joseph");
    advanceSeconds(59);
    assertEquals(Optional.of("Joe"), c.get("joe", this::lookUp), "still fresh");
    assertEquals(1, asked.get("joe"));
    advanceSeconds(1);
    assertEquals(Optional.of("Joseph"), c.get("joe", this::lookUp), "expired: asked again");
    assertEquals(2, asked.get("joe"));
  }

  @Test
  void anAbsentEntryIsKeptForTheNegativeTtl() {
    LookupCache<String, String> c = cache(10, 60, 5);
    assertEquals(Optional.empty(), c.get("ann", this::lookUp));
    directory.put("ann", "Ann");
    advanceSeconds(4);
    assertEquals(Optional.empty(), c.get("ann", this::lookUp));
    advanceSeconds(1);
    assertEquals(Optional.of("Ann"), c.get("ann", this::lookUp));
    assertEquals(2, asked.get("ann"));
  }

  @Test
  void aZeroTtlKeepsNothing() {
    LookupCache<String, String> c = cache(10, 0, 0);
    c.get("joe", this::lookUp);
    c.get("joe", this::lookUp);
    c.get("ann", this::lookUp);
    c.get("ann", this::lookUp);
    assertEquals(2, asked.get("joe"));
    assertEquals(2, asked.get("ann"));
    assertEquals(0, c.size());
  }

  @Test
  void aFailedLookupIsNotKept() {
    LookupCache<String, String> c = cache(10, 60, 60);
    assertThrows(
        DirectoryUnavailable.class,
        () ->
            c.get(
                "joe",
                k -> {
                  throw new DirectoryUnavailable("down", null);
                }));
    assertEquals(Optional.of("Joe"), c.get("joe", this::lookUp));
  }

  @Test
  void staysWithinItsSizeDroppingWhatExpiresFirst() {
    LookupCache<String, String> c = cache(100, 60, 60);
    for (int i = 0; i < 1000; i++) {
      c.get("u" + i, this::lookUp);
      now.incrementAndGet();
      assertTrue(c.size() <= 100, "size " + c.size());
    }
    c.get("u999", this::lookUp);
    assertEquals(1, asked.get("u999"), "the newest is still there");
    c.get("u0", this::lookUp);
    assertEquals(2, asked.get("u0"), "the oldest went first");
  }
}
