package dev.msgstore.projections.lmdb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.lmdbjava.Cursor;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.GetOp;
import org.lmdbjava.KeyRange;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * One LMDB database (a sorted key/value table) of the projection environment.
 *
 * <p>A bulk transaction (a replay into empty projections) may {@link #hold} this table's writes:
 * they are kept in memory, where its own reads find them, and written at {@link #flush} in key
 * order, appended ({@code MDB_APPEND}) where they sort after the table's last key. A replay writes
 * keys in journal order, scattered over the tree; a sorted append skips the search for each key's
 * place, which took most of a replay's time. Only reads in the holding transaction see held writes:
 * other transactions see the table as LMDB has it.
 */
public final class Table {
  private final String name;
  private final Dbi<ByteBuffer> dbi;
  private static final PutFlags[] APPEND = {PutFlags.MDB_APPEND};

  /**
   * No flags, shared: lmdbjava takes a put's and a delete's flags as varargs, and a call without
   * any would make an empty array each time.
   */
  private static final PutFlags[] NONE = {};

  private HeldWrites held; // its tx is final: a reader on another thread tells it is not its own

  public Table(Env<ByteBuffer> env, String name) {
    this.name = name;
    this.dbi = env.openDbi(name, DbiFlags.MDB_CREATE);
  }

  public String name() {
    return name;
  }

  public void put(Txn<ByteBuffer> tx, ByteBuffer key, ByteBuffer value) {
    HeldWrites h = held(tx);
    if (h == null) {
      dbi.put(tx, key, value, NONE);
      return;
    }
    if (h.tooLarge(key, value)) { // written now, after what is held for this table
      flush();
      dbi.put(tx, key, value, NONE);
      return;
    }
    if (h.full(key, value)) {
      flush();
    }
    h.put(key, value);
  }

  /**
   * As {@link #put(Txn, ByteBuffer, ByteBuffer)}, of what {@code key} and {@code value} hold (not
   * flipped): held, they are copied from the heap arrays they were built in, once, where a flip
   * would first copy them to a direct buffer (a replay's most frequent writes come here).
   */
  public void put(Txn<ByteBuffer> tx, Buf key, Buf value) {
    HeldWrites h = held(tx);
    if (h == null || h.tooLarge(key.length(), value.length())) {
      put(tx, key.flip(), value.flip());
      return;
    }
    if (h.full(key.length(), value.length())) {
      flush();
    }
    h.put(key.array(), key.length(), value.array(), value.length());
  }

  /** The value, valid only until the transaction ends or writes again; null when absent. */
  public ByteBuffer get(Txn<ByteBuffer> tx, ByteBuffer key) {
    HeldWrites h = held(tx);
    if (h != null) {
      int e = h.find(key);
      if (e >= 0) {
        return h.deleted(e) ? null : h.value(e);
      }
    }
    return dbi.get(tx, key);
  }

  public boolean delete(Txn<ByteBuffer> tx, ByteBuffer key) {
    HeldWrites h = held(tx);
    if (h == null) {
      return dbi.delete(tx, key);
    }
    boolean existed = get(tx, key) != null;
    if (h.full(key, null)) {
      flush();
    }
    h.put(key, null);
    return existed;
  }

  /**
   * From now until {@link #release}, keeps {@code tx}'s writes to this table in memory, counted in
   * {@code budget} (shared by the transaction's tables).
   */
  public void hold(Txn<ByteBuffer> tx, Budget budget) {
    held = new HeldWrites(tx, budget);
  }

  /** Writes the held writes into the transaction, in key order; a no-op when none are held. */
  public void flush() {
    write(sortHeld());
  }

  /** How many writes this table holds (a key written twice counts twice). */
  public int heldSize() {
    HeldWrites h = held;
    return h == null ? 0 : h.size();
  }

  /**
   * The held writes in key order, newest of each key, or null when none are held: the first half of
   * a {@link #flush}, which only reads them, so it may run on another thread meanwhile (while
   * nothing is written to this table); {@link #write} is the second.
   */
  public int[] sortHeld() {
    HeldWrites h = held;
    return h == null || h.size() == 0 ? null : h.inKeyOrder();
  }

  /** Writes the held writes {@code sorted} (by {@link #sortHeld}) and drops what was held. */
  public void write(int[] sorted) {
    HeldWrites h = held;
    if (h == null || sorted == null) {
      return;
    }
    try (Cursor<ByteBuffer> c = dbi.openCursor(h.tx)) {
      SortedWriter w = new SortedWriter(h, c);
      for (int e : sorted) {
        w.write(e);
      }
    }
    h.clear();
  }

  /**
   * Writes held entries, given in key order, one call each: a replay's flush runs this a million
   * times, mostly before the JIT has compiled anything of it, and a small method called that often
   * is compiled after a few hundred calls, where a loop body is run by the interpreter until its
   * loop has turned tens of thousands of times (and then compiled on the stack, later again).
   */
  private final class SortedWriter {
    private final HeldWrites h;
    private final Cursor<ByteBuffer> c;
    private final byte[] last; // the table's last key before the flush, null when it was empty
    private boolean afterLast;
    private ByteBuffer k = ByteBuffer.allocateDirect(64);
    private ByteBuffer v = ByteBuffer.allocateDirect(512);

    SortedWriter(HeldWrites h, Cursor<ByteBuffer> c) {
      this.h = h;
      this.c = c;
      // Keys come sorted: once one sorts after the table's last, so do all that follow.
      this.last = c.last() ? bytes(c.key()) : null;
      this.afterLast = last == null;
    }

    void write(int e) {
      byte[] arena = h.chunk(e);
      int at = h.offset(e);
      int ko = HeldWrites.keyOffset(at);
      int kn = HeldWrites.keyLength(arena, at);
      int vn = HeldWrites.valueLength(arena, at);
      if (!afterLast) {
        afterLast = Arrays.compareUnsigned(arena, ko, ko + kn, last, 0, last.length) > 0;
      }
      // one copy, from the arena to the direct buffer LMDB is handed
      if (k.capacity() < kn) {
        k = ByteBuffer.allocateDirect(Math.max(kn, 2 * k.capacity()));
      }
      ByteBuffer kb = k.clear().put(arena, ko, kn).flip();
      if (vn < 0) {
        if (!afterLast) { // a key after the last was never in LMDB
          dbi.delete(h.tx, kb);
        }
        return;
      }
      if (v.capacity() < vn) {
        v = ByteBuffer.allocateDirect(Math.max(vn, 2 * v.capacity()));
      }
      ByteBuffer vb = v.clear().put(arena, HeldWrites.valueOffset(arena, at), vn).flip();
      if (afterLast) {
        c.put(kb, vb, APPEND);
      } else {
        dbi.put(h.tx, kb, vb, NONE);
      }
    }
  }

  /** Stops holding writes; what is still held and not flushed is dropped (an abort). */
  public void release() {
    HeldWrites h = held;
    if (h != null) {
      h.clear();
      held = null;
    }
  }

  private HeldWrites held(Txn<ByteBuffer> tx) {
    HeldWrites h = held;
    return h != null && h.tx == tx ? h : null;
  }

  /** Visits keys from {@code from} on, in order, while {@code visitor} returns true. */
  public void scanFrom(
      Txn<ByteBuffer> tx, ByteBuffer from, BiPredicate<ByteBuffer, ByteBuffer> visitor) {
    if (held(tx) != null) {
      flush(); // a scan is rare in a replay (a mailbox deleted): it reads LMDB, so write first
    }
    KeyRange<ByteBuffer> range =
        from == null || !from.hasRemaining() ? KeyRange.all() : KeyRange.atLeast(from);
    try (CursorIterable<ByteBuffer> it = dbi.iterate(tx, range)) {
      for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
        if (!visitor.test(kv.key(), kv.val())) {
          return;
        }
      }
    }
  }

  /**
   * Deletes the entries from {@code from} on, in order, while {@code which} accepts their keys,
   * with one cursor: each is deleted where the cursor stands, without a search for its key. Returns
   * how many were deleted.
   */
  public long deleteFrom(Txn<ByteBuffer> tx, ByteBuffer from, Predicate<ByteBuffer> which) {
    if (held(tx) != null) {
      flush(); // as scanFrom: held writes go into LMDB first, where the cursor then deletes them
    }
    long deleted = 0;
    try (Cursor<ByteBuffer> c = dbi.openCursor(tx)) {
      // after a delete the cursor stands on the entry that followed, which next() then returns
      for (boolean at = c.get(from, GetOp.MDB_SET_RANGE);
          at && which.test(c.key());
          at = c.next()) {
        c.delete(NONE);
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * The entries from {@code from} on, in order, for a caller that advances through them at its own
   * pace (a merge with another table's scan); closed by the caller, before the transaction.
   */
  public CursorIterable<ByteBuffer> iterateFrom(Txn<ByteBuffer> tx, ByteBuffer from) {
    if (held(tx) != null) {
      flush(); // as scanFrom: it reads LMDB
    }
    return dbi.iterate(
        tx, from == null || !from.hasRemaining() ? KeyRange.all() : KeyRange.atLeast(from));
  }

  /** Visits every key that starts with {@code prefix}, in order, while the visitor says so. */
  public void scanPrefix(
      Txn<ByteBuffer> tx, ByteBuffer prefix, BiPredicate<ByteBuffer, ByteBuffer> visitor) {
    ByteBuffer p = prefix.duplicate();
    scanFrom(tx, prefix, (k, v) -> startsWith(k, p) && visitor.test(k, v));
  }

  /** A cursor for seeks the scans above do not offer (closed by the caller, before the txn). */
  public org.lmdbjava.Cursor<ByteBuffer> openCursor(Txn<ByteBuffer> tx) {
    return dbi.openCursor(tx);
  }

  public long count(Txn<ByteBuffer> tx) {
    return stat(tx).entries;
  }

  public org.lmdbjava.Stat stat(Txn<ByteBuffer> tx) {
    if (held(tx) != null) {
      flush();
    }
    return dbi.stat(tx);
  }

  public void clear(Txn<ByteBuffer> tx) {
    HeldWrites h = held(tx);
    if (h != null) {
      h.clear();
    }
    dbi.drop(tx);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(b.position(), out);
    return out;
  }

  /**
   * The memory the held writes of one transaction's tables take, roughly: its writer flushes them
   * all when it is spent, so that a replay of any length holds a bounded amount.
   */
  public static final class Budget {
    private final long limit;
    private long used;

    public Budget(long limit) {
      this.limit = limit;
    }

    public boolean spent() {
      return used > limit;
    }

    void take(long bytes) {
      used += bytes;
    }

    void release(long bytes) {
      used -= bytes;
    }
  }

  static boolean startsWith(ByteBuffer key, ByteBuffer prefix) {
    int n = prefix.remaining();
    if (key.remaining() < n) {
      return false;
    }
    return key.slice(key.position(), n).equals(prefix.slice(prefix.position(), n));
  }
}
