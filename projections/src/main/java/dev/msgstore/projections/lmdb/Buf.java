package dev.msgstore.projections.lmdb;

import dev.msgstore.journal.body.Digest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A growable buffer for LMDB keys and values, and the readers of what it wrote. Integers are
 * big-endian so that keys sort numerically under LMDB's byte-wise comparison. What is written goes
 * to a heap array and, at {@link #flip()}, in one copy to the direct buffer LMDB is handed: a
 * message record is a dozen small writes, which each cost a direct buffer's checks (a sixth of a
 * replay's time went to writing records).
 */
public final class Buf {
  private byte[] bytes;
  private int length;
  private ByteBuffer buf;

  public Buf(int capacity) {
    bytes = new byte[capacity];
    buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.BIG_ENDIAN);
  }

  public Buf clear() {
    length = 0;
    return this;
  }

  /** The bytes written since {@link #clear()}, ready to hand to LMDB. */
  public ByteBuffer flip() {
    if (buf.capacity() < length) {
      buf =
          ByteBuffer.allocateDirect(Math.max(buf.capacity() * 2, length))
              .order(ByteOrder.BIG_ENDIAN);
    }
    return buf.clear().put(bytes, 0, length).flip();
  }

  /** The array the bytes are written to (for {@link Table}: valid until the next write). */
  byte[] array() {
    return bytes;
  }

  /** How many bytes were written since {@link #clear()}. */
  int length() {
    return length;
  }

  private void ensure(int n) {
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
    }
  }

  // Big-endian by hand rather than through a VarHandle: a replay's first million events run these
  // before the JIT has compiled their callers, and an interpreted VarHandle access is a chain of
  // method-handle calls (with HeldWrites' header ints, a seventh of the replaying thread's samples
  // in the journal bench's first replay). Compiled, they cost about the same.
  public Buf putLong(long v) {
    ensure(8);
    byte[] b = bytes;
    int at = length;
    b[at] = (byte) (v >>> 56);
    b[at + 1] = (byte) (v >>> 48);
    b[at + 2] = (byte) (v >>> 40);
    b[at + 3] = (byte) (v >>> 32);
    b[at + 4] = (byte) (v >>> 24);
    b[at + 5] = (byte) (v >>> 16);
    b[at + 6] = (byte) (v >>> 8);
    b[at + 7] = (byte) v;
    length = at + 8;
    return this;
  }

  public Buf putInt(int v) {
    ensure(4);
    byte[] b = bytes;
    int at = length;
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
    length = at + 4;
    return this;
  }

  public Buf putBytes(byte[] b) {
    return put(b, 0, b.length);
  }

  public Buf put(byte[] b, int offset, int n) {
    ensure(n);
    System.arraycopy(b, offset, bytes, length, n);
    length += n;
    return this;
  }

  public Buf putByte(int v) {
    ensure(1);
    bytes[length++] = (byte) v;
    return this;
  }

  /** Raw UTF-8, no length: for the last (or only) part of a key, so that prefixes sort together. */
  public Buf putKeyString(String s) {
    return putBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The string's UTF-8 length, then its bytes. An ASCII string's chars are its bytes, copied here
   * without an array made of them: a replay writes four strings an append (Message-ID, From, To,
   * Subject), and their arrays were a third of what it allocated, collected a young collection at a
   * time.
   */
  public Buf putString(String s) {
    int n = s.length();
    ensure(4 + n);
    byte[] b = bytes;
    int at = length + 4;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return putInt(utf8.length).putBytes(utf8);
      }
      b[at + i] = (byte) c;
    }
    putInt(n);
    length += n;
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
