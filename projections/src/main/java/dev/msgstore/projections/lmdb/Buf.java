package dev.msgstore.projections.lmdb;

import dev.msgstore.journal.body.Digest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A growable direct buffer for LMDB keys and values, and the readers of what it wrote. Integers are
 * big-endian so that keys sort numerically under LMDB's byte-wise comparison.
 */
public final class Buf {
  private ByteBuffer buf;

  public Buf(int capacity) {
    buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.BIG_ENDIAN);
  }

  public Buf clear() {
    buf.clear();
    return this;
  }

  /** The bytes written since {@link #clear()}, ready to hand to LMDB. */
  public ByteBuffer flip() {
    return buf.flip();
  }

  private void ensure(int n) {
    if (buf.remaining() < n) {
      ByteBuffer bigger =
          ByteBuffer.allocateDirect(Math.max(buf.capacity() * 2, buf.position() + n))
              .order(ByteOrder.BIG_ENDIAN);
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }

  public Buf putLong(long v) {
    ensure(8);
    buf.putLong(v);
    return this;
  }

  public Buf putInt(int v) {
    ensure(4);
    buf.putInt(v);
    return this;
  }

  public Buf putBytes(byte[] b) {
    ensure(b.length);
    buf.put(b);
    return this;
  }

  public Buf put(byte[] b, int offset, int length) {
    ensure(length);
    buf.put(b, offset, length);
    return this;
  }

  public Buf putByte(int v) {
    ensure(1);
    buf.put((byte) v);
    return this;
  }

  /** Raw UTF-8, no length: for the last (or only) part of a key, so that prefixes sort together. */
  public Buf putKeyString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ensure(b.length);
    buf.put(b);
    return this;
  }

  public Buf putString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ensure(4 + b.length);
    buf.putInt(b.length);
    buf.put(b);
    return this;
  }

  public Buf putStrings(List<String> list) {
    putInt(list.size());
    for (String s : list) {
      putString(s);
    }
    return this;
  }

  public Buf putDigest(Digest d) {
    return putLong(d.w0()).putLong(d.w1()).putLong(d.w2()).putLong(d.w3());
  }

  public static String getString(ByteBuffer in) {
    int n = in.getInt();
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The rest of the buffer as UTF-8 (the counterpart of {@link #putKeyString}). */
  public static String getKeyString(ByteBuffer in) {
    byte[] b = new byte[in.remaining()];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** An unmodifiable list, which a record's {@code List.copyOf} keeps rather than copies. */
  public static List<String> getStrings(ByteBuffer in) {
    int n = in.getInt();
    if (n == 0) {
      return List.of();
    }
    String[] list = new String[n];
    for (int i = 0; i < n; i++) {
      list[i] = getString(in);
    }
    return List.of(list);
  }

  public static Digest getDigest(ByteBuffer in) {
    return new Digest(in.getLong(), in.getLong(), in.getLong(), in.getLong());
  }
}
