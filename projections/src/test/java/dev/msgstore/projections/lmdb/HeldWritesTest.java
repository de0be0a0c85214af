package dev.msgstore.projections.lmdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Held writes (from buffers, and from the arrays a Buf built) against a sorted map: what a key
 * holds (its newest write, or deleted), found between writes, and every key's newest write in
 * LMDB's key order; with chunks of 256 bytes, so that entries fill many chunks, and keys longer
 * than the sort's 16-byte prefix that share it.
 */
class HeldWritesTest {
  @Test
  void newestWriteOfEachKeyFoundAndListedInKeyOrderAcrossChunks() {
    Random r = new Random(42);
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      byte[] k = new byte[1 + r.nextInt(24)];
      if (r.nextBoolean()) {
        k[0] = (byte) r.nextInt(3); // many keys share their first bytes
      } else {
        r.nextBytes(k);
      }
      if (k.length > 16 && r.nextBoolean()) {
        k[k.length - 1] = (byte) r.nextInt(256); // differ only after the prefix
      }
      pool.add(k);
    }
    TreeMap<byte[], Optional<byte[]>> model = new TreeMap<>(java.util.Arrays::compareUnsigned);
    HeldWrites h = new HeldWrites(null, new Table.Budget(Long.MAX_VALUE), 8);
    for (int i = 0; i < 20_000; i++) {
      byte[] k = pool.get(r.nextInt(pool.size()));
      if (r.nextInt(10) == 0) {
        h.put(ByteBuffer.wrap(k), null);
        model.put(k, Optional.empty());
      } else {
        byte[] v = new byte[r.nextInt(120)];
        r.nextBytes(v);
        if (r.nextBoolean()) {
          h.put(ByteBuffer.wrap(k), ByteBuffer.wrap(v));
        } else { // as a Buf hands them over: arrays larger than what was written in them
          h.put(padded(k, r), k.length, padded(v, r), v.length);
        }
        model.put(k, Optional.of(v));
      }
      if (r.nextInt(50) == 0) {
        byte[] probe = pool.get(r.nextInt(pool.size()));
        assertHolds(model, h, probe);
      }
    }
    assertTrue(h.size() > 100 * 20, "entries fill many 256-byte chunks");
    for (byte[] k : pool) {
      assertHolds(model, h, k);
    }
    assertNewestInKeyOrder(model, h);
  }

  /**
   * Keys as a replay writes them, two numbers that vary in a few low bits (a mailbox id and a UID),
   * some also longer than the 16-byte prefix or shorter, rewritten and deleted: sorted by their
   * varying bits packed into one long each.
   */
  @Test
  void keysThatVaryInFewBitsAreListedInKeyOrder() {
    Random r = new Random(7);
    TreeMap<byte[], Optional<byte[]>> model = new TreeMap<>(java.util.Arrays::compareUnsigned);
    HeldWrites h = new HeldWrites(null, new Table.Budget(Long.MAX_VALUE), 12);
    for (int i = 0; i < 30_000; i++) {
      long mailbox = 1 + r.nextInt(300);
      long uid = 1 + r.nextInt(2_000);
      int length =
          switch (r.nextInt(20)) {
            case 0 -> 8; // the mailbox alone
            case 1 -> 17 + r.nextInt(3); // the pair and more, sharing its prefix
            default -> 16;
          };
      ByteBuffer k = ByteBuffer.allocate(Math.max(length, 16)).putLong(mailbox).putLong(uid);
      byte[] key = java.util.Arrays.copyOf(k.array(), length);
      if (length > 16) {
        key[16] = (byte) r.nextInt(3);
      }
      if (r.nextInt(10) == 0) {
        h.put(ByteBuffer.wrap(key), null);
        model.put(key, Optional.empty());
      } else {
        byte[] v = new byte[1 + r.nextInt(40)];
        r.nextBytes(v);
        h.put(key, key.length, v, v.length);
        model.put(key, Optional.of(v));
      }
    }
    assertNewestInKeyOrder(model, h);
  }

  private static void assertNewestInKeyOrder(
      TreeMap<byte[], Optional<byte[]>> model, HeldWrites h) {
    int[] sorted = h.inKeyOrder();
    assertEquals(model.size(), sorted.length);
    int i = 0;
    for (Map.Entry<byte[], Optional<byte[]>> m : model.entrySet()) {
      int e = sorted[i++];
      byte[] c = h.chunk(e);
      int at = h.offset(e);
      int ko = HeldWrites.keyOffset(at);
      assertArrayEquals(
          m.getKey(), java.util.Arrays.copyOfRange(c, ko, ko + HeldWrites.keyLength(c, at)));
      int vn = HeldWrites.valueLength(c, at);
      if (m.getValue().isEmpty()) {
        assertEquals(-1, vn);
      } else {
        int vo = HeldWrites.valueOffset(c, at);
        assertArrayEquals(m.getValue().get(), java.util.Arrays.copyOfRange(c, vo, vo + vn));
      }
    }
  }

  /** {@code b} at the start of a larger array, what follows it not to be held. */
  private static byte[] padded(byte[] b, Random r) {
    byte[] p = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(16));
    java.util.Arrays.fill(p, b.length, p.length, (byte) 0x77);
    return p;
  }

  private static void assertHolds(TreeMap<byte[], Optional<byte[]>> model, HeldWrites h, byte[] k) {
    int e = h.find(ByteBuffer.wrap(k));
    Optional<byte[]> expected = model.get(k);
    if (expected == null) {
      assertEquals(-1, e);
    } else if (expected.isEmpty()) {
      assertTrue(e >= 0 && h.deleted(e));
    } else {
      assertTrue(e >= 0 && !h.deleted(e));
      ByteBuffer v = h.value(e);
      byte[] got = new byte[v.remaining()];
      v.get(got);
      assertArrayEquals(expected.get(), got);
    }
  }
}
