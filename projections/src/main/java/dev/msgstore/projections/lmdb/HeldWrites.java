package dev.msgstore.projections.lmdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.lmdbjava.Txn;

/**
 * One transaction's writes to one table, not yet in LMDB, found by key and listed in key order. A
 * replay holds millions, so they are kept in a few large arrays and not as objects: a map of
 * entries kept the garbage collector copying them over and again, and cost more than the LMDB
 * writes it saved. Each write appends its entry (key, value or "deleted") to an arena of chunks (a
 * chunk is never copied to grow: doubling one array of 256 MB cost a tenth of a replay's time), and
 * nothing else: most of a replay's writes are new keys that nobody reads back in the transaction,
 * so the open-addressing index that finds a key's newest entry is brought up to date only when a
 * read asks (each entry is indexed once, whenever that comes). At {@link #inKeyOrder} the entries
 * are sorted, stably, and of equal keys the newest is the one visited.
 */
final class HeldWrites {
  /** An arena larger than this is written out first (an entry's position is an int). */
  static final int MAX_ARENA = 1 << 30;

  /**
   * Chunks of at most 1 MB: an entry's position is its chunk's number, then its offset in the
   * chunk. A full chunk is followed by a new one twice its size (from 4 KB: most tables get few
   * writes), never copied to grow, so a replay takes that one path several times in its first
   * moments: a branch the JIT has never seen taken is compiled as a trap, and when a first chunk
   * grown to 16 MB filled, a cold replay's compiled loop, into which this is inlined, was thrown
   * away and compiled again, running interpreted meanwhile. 1 MB rather than 16: G1 makes an array
   * of half its region or more (regions of 4 MB on this machine's 6 GB heap) a humongous object,
   * allocated in the old generation, and a replay's 170 MB of them started collections and
   * concurrent cycles of their own; the journal bench's replay ran slower with 16 MB chunks (about
   * 1,250 against 730-850 ns of the replaying thread an event, first run, back to back).
   */
  static final int CHUNK_BITS = 20;

  private static final int FIRST_CHUNK = 1 << 12;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int HEADER = 8; // key length, value length (-1: deleted)

  final Txn<ByteBuffer> tx;
  private final Table.Budget budget;
  private final int chunkBits;
  private final int chunkMask;
  private byte[][] chunks;
  private int[] used; // per chunk, the bytes its entries take
  private int end; // the position of the next entry
  private int entries;
  // the index: per slot, the key's hash (high half) and its newest entry's offset + 1 (0: empty)
  private long[] slots = new long[1 << 6];
  private int keys; // distinct keys in the index
  private int indexedEnd; // the arena is indexed up to here
  private byte[] key = new byte[64];
  private int keyLength;
  private int keyHash;
  private long counted; // what this holds, as told to the budget

  HeldWrites(Txn<ByteBuffer> tx, Table.Budget budget) {
    this(tx, budget, CHUNK_BITS);
  }

  /** With chunks of 2^{@code chunkBits} bytes (small ones in a test). */
  HeldWrites(Txn<ByteBuffer> tx, Table.Budget budget, int chunkBits) {
    this.tx = tx;
    this.budget = budget;
    this.chunkBits = chunkBits;
    this.chunkMask = (1 << chunkBits) - 1;
    // As many chunks as the arena has room for (the list does not grow: CHUNK_BITS), but for the
    // tests' tiny chunks
    chunks = new byte[Math.min(MAX_ARENA >>> chunkBits, 1 << 10)][];
    used = new int[chunks.length];
    chunks[0] = new byte[Math.min(FIRST_CHUNK, 1 << chunkBits)];
  }

  /** Whether an entry of {@code k} and {@code v} is too large for a chunk (held writes cannot). */
  boolean tooLarge(ByteBuffer k, ByteBuffer v) {
    return tooLarge(k.remaining(), v == null ? 0 : v.remaining());
  }

  /** As {@link #tooLarge(ByteBuffer, ByteBuffer)}, of a key and value of these lengths. */
  boolean tooLarge(int keyLength, int valueLength) {
    return HEADER + keyLength + valueLength > chunkMask + 1;
  }

  /** The chunk that holds {@code entry}. */
  byte[] chunk(int entry) {
    return chunks[entry >>> chunkBits];
  }

  /** Where {@code entry} starts in its {@link #chunk}. */
  int offset(int entry) {
    return entry & chunkMask;
  }

  /** The entries held (a key written twice counts twice). */
  int size() {
    return entries;
  }

  /** The newest entry for {@code k}, or -1 when none is held. */
  int find(ByteBuffer k) {
    index();
    loadKey(k);
    return (int) slots[slot(key, 0, keyLength, keyHash)] - 1;
  }

  boolean deleted(int entry) {
    return valueLength(chunk(entry), offset(entry)) < 0;
  }

  /** A view of the entry's value (the caller has checked it is not deleted). */
  ByteBuffer value(int entry) {
    byte[] c = chunk(entry);
    int at = offset(entry);
    return ByteBuffer.wrap(c, valueOffset(c, at), valueLength(c, at)).slice();
  }

  /** Whether holding {@code k} and {@code v} would overflow the arena. */
  boolean full(ByteBuffer k, ByteBuffer v) {
    return full(k.remaining(), v == null ? 0 : v.remaining());
  }

  /** As {@link #full(ByteBuffer, ByteBuffer)}, of a key and value of these lengths. */
  boolean full(int keyLength, int valueLength) {
    return (long) end + HEADER + keyLength + valueLength > MAX_ARENA;
  }

  /** Holds {@code v} (null: deleted) for {@code k}. */
  void put(ByteBuffer k, ByteBuffer v) {
    int kn = k.remaining();
    int n = v == null ? -1 : v.remaining();
    int e = append(kn, n);
    byte[] chunk = chunk(e);
    int at = offset(e);
    k.get(k.position(), chunk, at + HEADER, kn);
    if (n > 0) {
      v.get(v.position(), chunk, at + HEADER + kn, n);
    }
  }

  /**
   * Holds {@code v[0, n)} for {@code k[0, kn)}: a replay's writes, built in heap arrays ({@link
   * Buf}), come here without the copy to a direct buffer that LMDB would need.
   */
  void put(byte[] k, int kn, byte[] v, int n) {
    int e = append(kn, n);
    byte[] chunk = chunk(e);
    int at = offset(e);
    System.arraycopy(k, 0, chunk, at + HEADER, kn);
    System.arraycopy(v, 0, chunk, at + HEADER + kn, n);
  }

  /**
   * Makes room for an entry of a {@code kn}-byte key and an {@code n}-byte value (-1: deleted),
   * writes its header, and returns its position; the caller copies the key and value in.
   */
  private int append(int kn, int n) {
    int need = HEADER + kn + Math.max(n, 0);
    int c = end >>> chunkBits;
    int at = end & chunkMask;
    byte[] chunk = c < chunks.length ? chunks[c] : null; // null: the last one is exactly full
    if (chunk == null || at + need > chunk.length) { // the next chunk, twice the last's size
      int size = chunk == null ? chunks[c - 1].length : chunk.length;
      if (chunk != null) {
        c++;
        at = 0;
      }
      chunk = new byte[Math.min(chunkMask + 1, Math.max(2 * size, need))];
      if (c >= chunks.length) {
        chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        used = Arrays.copyOf(used, chunks.length);
      }
      chunks[c] = chunk;
    }
    putInt(chunk, at, kn);
    putInt(chunk, at + 4, n);
    used[c] = at + need;
    end = (c << chunkBits) + at + need;
    entries++;
    account(); // at each entry: a branch to it once in a while was compiled as a trap (CHUNK_BITS)
    return (c << chunkBits) + at;
  }

  /** What is held (the index's slots may be twice as large: they double when half full). */
  private void account() {
    long now = end + 8L * keys;
    budget.take(now - counted);
    counted = now;
  }

  /** Drops every held write (after they were written, or with the transaction). */
  void clear() {
    budget.release(counted);
    counted = 0;
    end = 0;
    Arrays.fill(chunks, 1, chunks.length, null);
    Arrays.fill(used, 0);
    entries = 0;
    indexedEnd = 0;
    keys = 0;
    Arrays.fill(slots, 0);
    account();
  }

  /**
   * The newest entry of each held key, in LMDB's key order (bytes unsigned, a prefix first): the
   * entries' offsets in the arena. Only reads what is held, so it may run on another thread while
   * nothing is written to this table (a flush sorts one table while it writes another).
   */
  int[] inKeyOrder() {
    Sorter s = new Sorter(entries);
    for (int e = 0; e < end; e = next(e)) {
      s.add(e);
    }
    s.sort();
    int[] sorted = s.sorted;
    int n = 0;
    for (int i = 0; i < entries; i++) {
      if (i + 1 < entries && s.sameKey(i, i + 1)) {
        continue; // a newer entry for this key follows (the sort keeps the arena's order)
      }
      sorted[n++] = sorted[i];
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  /**
   * The entry held first at or after {@code position} (an earlier {@link #end}): the next chunk's
   * first when the entry after it did not fit in its chunk.
   */
  private int entryAt(int position) {
    int c = position >>> chunkBits;
    return c < used.length && (position & chunkMask) >= used[c] && position < end
        ? (c + 1) << chunkBits
        : position;
  }

  /** The entry after {@code entry}, in the order they were held. */
  private int next(int entry) {
    int c = entry >>> chunkBits;
    byte[] chunk = chunks[c];
    int at = entry & chunkMask;
    int after = at + HEADER + keyLength(chunk, at) + Math.max(valueLength(chunk, at), 0);
    return after < used[c] ? (c << chunkBits) + after : (c + 1) << chunkBits;
  }

  // The header's ints by hand rather than through a VarHandle: a replay's flush runs its loops
  // over the entries once, mostly before the JIT has compiled them, and an interpreted VarHandle
  // access costs a chain of method-handle calls (a seventh of a first replay's flush went there).
  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int at) {
    return b[at] << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  static int keyLength(byte[] arena, int entry) {
    return getInt(arena, entry);
  }

  static int keyOffset(int entry) {
    return entry + HEADER;
  }

  static int valueLength(byte[] arena, int entry) {
    return getInt(arena, entry + 4);
  }

  static int valueOffset(byte[] arena, int entry) {
    return entry + HEADER + keyLength(arena, entry);
  }

  private void loadKey(ByteBuffer k) {
    int n = k.remaining();
    if (n > key.length) {
      key = new byte[Math.max(n, 2 * key.length)];
    }
    k.get(k.position(), key, 0, n);
    keyLength = n;
    keyHash = hash(key, 0, n);
  }

  /** Brings the index up to the arena's end: each entry becomes its key's newest. */
  private void index() {
    for (int e = entryAt(indexedEnd); e < end; e = next(e)) {
      byte[] chunk = chunk(e);
      int at = offset(e);
      int kn = keyLength(chunk, at);
      int h = hash(chunk, at + HEADER, kn);
      int slot = slot(chunk, at + HEADER, kn, h);
      if (slots[slot] == 0 && ++keys * 2 > slots.length) {
        rehash();
        slot = slot(chunk, at + HEADER, kn, h);
      }
      slots[slot] = ((long) h << 32) | (e + 1L);
    }
    indexedEnd = end;
  }

  /** The slot holding the key {@code b[from, from + n)}, or the empty slot where it would go. */
  private int slot(byte[] b, int from, int n, int hash) {
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == 0) {
        return i;
      }
      int e = (int) s - 1;
      byte[] chunk = chunk(e);
      int at = offset(e);
      if ((int) (s >>> 32) == hash
          && keyLength(chunk, at) == n
          && Arrays.equals(chunk, at + HEADER, at + HEADER + n, b, from, from + n)) {
        return i;
      }
    }
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long s : old) {
      if (s != 0) {
        int j = (int) (s >>> 32) & mask;
        while (slots[j] != 0) {
          j = (j + 1) & mask;
        }
        slots[j] = s;
      }
    }
  }

  private static int hash(byte[] b, int from, int n) {
    long h = n * 0x9E3779B97F4A7C15L;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      h = (h ^ (long) LONGS.get(b, from + i)) * 0xff51afd7ed558ccdL;
      h ^= h >>> 29;
    }
    for (; i < n; i++) {
      h = (h ^ b[from + i]) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  /**
   * Sorts entries by key: by the key's first 16 bytes as two unsigned numbers (zero-padded), then
   * by the whole key where those are equal.
   */
  private final class Sorter {
    private static final int DIGIT_BITS = 11;

    final int[] entries;
    final long[] k0;
    final long[] k1;
    int[] sorted;
    // the sorted entries' prefixes, or what stands for them: equal where the prefixes are equal
    private long[] sortedK0;
    private long[] sortedK1;
    private int n;
    private long varying0; // the bits of k0 that are not the same in every entry
    private long varying1;

    Sorter(int capacity) {
      entries = new int[capacity];
      k0 = new long[capacity];
      k1 = new long[capacity];
    }

    void add(int entry) {
      entries[n] = entry;
      k0[n] = prefix(entry, 0);
      k1[n] = prefix(entry, 8);
      varying0 |= k0[n] ^ k0[0];
      varying1 |= k1[n] ^ k1[0];
      n++;
    }

    private long prefix(int entry, int from) {
      byte[] chunk = chunk(entry);
      int len = keyLength(chunk, offset(entry));
      int at = offset(entry) + HEADER + from;
      if (len >= from + 8) {
        return (long) LONGS.get(chunk, at);
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (from + i < len ? chunk[at + i] & 0xff : 0);
      }
      return v;
    }

    /** By the whole key, for entries whose first 16 bytes are equal. */
    private int compareKeys(int a, int b) {
      byte[] ca = chunk(a);
      byte[] cb = chunk(b);
      int ka = offset(a) + HEADER;
      int kb = offset(b) + HEADER;
      return Arrays.compareUnsigned(
          ca, ka, ka + keyLength(ca, offset(a)), cb, kb, kb + keyLength(cb, offset(b)));
    }

    /**
     * Sorts by the 16-byte prefix, stably, then the entries of an equal prefix, which a longer key
     * can share, by the whole key.
     */
    void sort() {
      sorted = entries;
      sortedK0 = k0;
      sortedK1 = k1;
      if (n < 2) {
        return;
      }
      int indexBits = 64 - Long.numberOfLeadingZeros(n - 1);
      if (Long.bitCount(varying0) + Long.bitCount(varying1) + indexBits <= 64) {
        sortPacked(indexBits);
      } else {
        sortByPrefix();
      }
      int[] es = sorted;
      for (int i = 1; i < n; i++) {
        // insertion sort within a run of equal prefixes (rare: keys longer than 16 bytes)
        for (int j = i; j > 0 && samePrefix(j, j - 1); j--) {
          if (compareKeys(es[j], es[j - 1]) >= 0) {
            break;
          }
          int t = es[j];
          es[j] = es[j - 1];
          es[j - 1] = t;
        }
      }
    }

    /**
     * The sort when the prefixes' varying bits and an entry's number fit in one long, as a replay's
     * keys do (small numbers: a mailbox id and a UID vary in a few dozen of their 128 bits): each
     * entry becomes those bits, in order, above its number, and a radix sort of these longs by the
     * varying bits alone moves eight bytes an entry a pass, in few passes. The bits that every
     * prefix shares cannot change an order; the number keeps equal prefixes in the order they were
     * held.
     */
    private void sortPacked(int indexBits) {
      int bits1 = Long.bitCount(varying1);
      int keyBits = Long.bitCount(varying0) + bits1;
      long[] packed = new long[n];
      for (int i = 0; i < n; i++) {
        long key = Long.compress(k0[i], varying0) << bits1 | Long.compress(k1[i], varying1);
        packed[i] = key << indexBits | i;
      }
      long[] other = new long[n];
      int[] counts = new int[1 << DIGIT_BITS];
      for (int shift = indexBits; shift < indexBits + keyBits; shift += DIGIT_BITS) {
        Arrays.fill(counts, 0);
        for (int i = 0; i < n; i++) {
          counts[(int) (packed[i] >>> shift) & ((1 << DIGIT_BITS) - 1)]++;
        }
        int sum = 0;
        for (int d = 0; d < counts.length; d++) {
          int t = counts[d];
          counts[d] = sum;
          sum += t;
        }
        for (int i = 0; i < n; i++) {
          long v = packed[i];
          other[counts[(int) (v >>> shift) & ((1 << DIGIT_BITS) - 1)]++] = v;
        }
        long[] t = packed;
        packed = other;
        other = t;
      }
      int[] es = new int[n];
      long indexMask = (1L << indexBits) - 1;
      for (int i = 0; i < n; i++) {
        es[i] = entries[(int) (packed[i] & indexMask)];
        packed[i] >>>= indexBits;
      }
      sorted = es;
      sortedK0 = packed; // the varying bits stand for the whole prefix, both halves
      sortedK1 = packed;
    }

    /**
     * A least-significant-digit radix sort by the 16-byte prefix, one pass per byte position whose
     * value varies (a replay's keys are small numbers: most positions are skipped).
     */
    private void sortByPrefix() {
      int[][] counts = new int[16][256];
      for (int i = 0; i < n; i++) {
        long a = k0[i];
        long b = k1[i];
        for (int p = 0; p < 8; p++) {
          counts[p][(int) (a >>> (56 - 8 * p)) & 0xff]++;
          counts[8 + p][(int) (b >>> (56 - 8 * p)) & 0xff]++;
        }
      }
      int[] e2 = new int[n];
      long[] a2 = new long[n];
      long[] b2 = new long[n];
      int[] es = entries;
      long[] as = k0;
      long[] bs = k1;
      for (int p = 15; p >= 0; p--) {
        int[] c = counts[p];
        if (c[byteAt(as, bs, 0, p)] == n) {
          continue; // every key has the same byte here
        }
        int sum = 0;
        for (int d = 0; d < 256; d++) {
          int t = c[d];
          c[d] = sum;
          sum += t;
        }
        for (int i = 0; i < n; i++) {
          int to = c[byteAt(as, bs, i, p)]++;
          e2[to] = es[i];
          a2[to] = as[i];
          b2[to] = bs[i];
        }
        int[] te = es;
        es = e2;
        e2 = te;
        long[] ta = as;
        as = a2;
        a2 = ta;
        ta = bs;
        bs = b2;
        b2 = ta;
      }
      sorted = es;
      sortedK0 = as;
      sortedK1 = bs;
    }

    private boolean samePrefix(int i, int j) {
      return sortedK0[i] == sortedK0[j] && sortedK1[i] == sortedK1[j];
    }

    /** Whether the entries at sorted positions {@code i} and {@code j} have equal keys. */
    boolean sameKey(int i, int j) {
      if (!samePrefix(i, j)) {
        return false;
      }
      int a = sorted[i];
      int b = sorted[j];
      return keyLength(chunk(a), offset(a)) == keyLength(chunk(b), offset(b))
          && compareKeys(a, b) == 0;
    }

    private static int byteAt(long[] as, long[] bs, int i, int p) {
      return p < 8
          ? (int) (as[i] >>> (56 - 8 * p)) & 0xff
          : (int) (bs[i] >>> (56 - 8 * (p - 8))) & 0xff;
    }
  }
}
