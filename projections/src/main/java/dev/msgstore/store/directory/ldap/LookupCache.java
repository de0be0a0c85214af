package dev.msgstore.store.directory.ldap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Answers to directory lookups, kept for a time-to-live: a found entry for {@code ttl}, an absent
 * one ("no such user") for {@code negativeTtl}, usually shorter so that a user just created starts
 * receiving mail soon. At most {@code maxEntries}: past that, the entries closest to expiring go
 * first. Reads take no lock, so the services' many threads share it. A failed lookup (the directory
 * unavailable) is not kept. A TTL of zero turns that side off.
 *
 * <p>Two threads missing the same key at once both ask the directory; the second answer wins. That
 * costs one extra lookup, never a wrong one.
 */
public final class LookupCache<K, V> {
  private record Held<V>(Optional<V> value, long expiresAt) {}

  private final Map<K, Held<V>> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long ttlNanos;
  private final long negativeTtlNanos;
  private final LongSupplier nanoClock;

  public LookupCache(int maxEntries, Duration ttl, Duration negativeTtl, LongSupplier nanoClock) {
    if (maxEntries < 0 || ttl.isNegative() || negativeTtl.isNegative()) {
      throw new IllegalArgumentException("a cache size and TTLs are zero or more");
    }
    this.maxEntries = maxEntries;
    this.ttlNanos = ttl.toNanos();
    this.negativeTtlNanos = negativeTtl.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The answer for {@code key}: kept and still fresh, or from {@code lookup} (then kept). */
  public Optional<V> get(K key, Function<K, Optional<V>> lookup) {
    long now = nanoClock.getAsLong();
    Held<V> held = entries.get(key);
    if (held != null && now - held.expiresAt() < 0) {
      return held.value();
    }
    Optional<V> value = lookup.apply(key);
    long ttl = value.isPresent() ? ttlNanos : negativeTtlNanos;
    if (ttl > 0 && maxEntries > 0) {
      entries.put(key, new Held<>(value, now + ttl));
      if (entries.size() > maxEntries) {
        evict(now);
      }
    } else if (held != null) {
      entries.remove(key, held);
    }
    return value;
  }

  /** Forgets everything (after the administrator changed the directory and wants it seen now). */
  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }

  /**
   * Drops expired entries, then the tenth closest to expiring: one scan pays for the next tenth of
   * {@code maxEntries} insertions, so a full cache costs a logarithmic amount per insertion.
   */
  private synchronized void evict(long now) {
    if (entries.size() <= maxEntries) {
      return;
    }
    entries.values().removeIf(h -> now - h.expiresAt() >= 0);
    int excess = entries.size() - maxEntries * 9 / 10;
    if (excess <= 0) {
      return;
    }
    List<Map.Entry<K, Held<V>>> all = new ArrayList<>(entries.entrySet());
    all.sort(Comparator.comparingLong(e -> e.getValue().expiresAt() - now));
    for (int i = 0; i < excess && i < all.size(); i++) {
      entries.remove(all.get(i).getKey(), all.get(i).getValue());
    }
  }
}
