package dev.msgstore.projections.lmdb;

import java.nio.ByteBuffer;
import java.util.function.BiPredicate;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/** One LMDB database (a sorted key/value table) of the projection environment. */
public final class Table {
  private final String name;
  private final Dbi<ByteBuffer> dbi;

  public Table(Env<ByteBuffer> env, String name) {
    this.name = name;
    this.dbi = env.openDbi(name, DbiFlags.MDB_CREATE);
  }

  public String name() {
    return name;
  }

  public void put(Txn<ByteBuffer> tx, ByteBuffer key, ByteBuffer value) {
    dbi.put(tx, key, value);
  }

  /** The value, valid only until the transaction ends or writes again; null when absent. */
  public ByteBuffer get(Txn<ByteBuffer> tx, ByteBuffer key) {
    return dbi.get(tx, key);
  }

  public boolean delete(Txn<ByteBuffer> tx, ByteBuffer key) {
    return dbi.delete(tx, key);
  }

  /** Visits keys from {@code from} on, in order, while {@code visitor} returns true. */
  public void scanFrom(
      Txn<ByteBuffer> tx, ByteBuffer from, BiPredicate<ByteBuffer, ByteBuffer> visitor) {
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
    return dbi.stat(tx).entries;
  }

  public org.lmdbjava.Stat stat(Txn<ByteBuffer> tx) {
    return dbi.stat(tx);
  }

  public void clear(Txn<ByteBuffer> tx) {
    dbi.drop(tx);
  }

  static boolean startsWith(ByteBuffer key, ByteBuffer prefix) {
    int n = prefix.remaining();
    if (key.remaining() < n) {
      return false;
    }
    return key.slice(key.position(), n).equals(prefix.slice(prefix.position(), n));
  }
}
