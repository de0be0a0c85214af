package dev.msgstore.journal.codec;

import java.util.Arrays;

/**
 * Writes the journal's field encodings into a growable heap array, byte for byte as Chronicle's
 * {@code Bytes} writes them (little-endian integers, Chronicle's stop-bit numbers), the writing
 * counterpart of {@link EventInput}. A commit is encoded here and copied into the journal's mapped
 * file in one piece: through Chronicle's {@code Bytes} each field was a chain of checked calls
 * (bounds, thread and closed checks at each level), and a delivery's commit took about twice the
 * CPU to encode. Reused by its one writer: {@link #clear()} before each commit.
 */
public final class EventOutput {
  private byte[] bytes;
  private int position;

  public EventOutput(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  /** Empties it, keeping its array. */
  public EventOutput clear() {
    position = 0;
    return this;
  }

  /** The bytes written so far. */
  public int position() {
    return position;
  }

  /** The array the bytes are in: {@code [0, position())} of it. */
  byte[] array() {
    return bytes;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, position);
  }

  private int take(int n) {
    int at = position;
    if (n > bytes.length - at) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + n));
    }
    position = at + n;
    return at;
  }

  public EventOutput writeUnsignedByte(int v) {
    int at = take(1); // before the array is read: take may replace it
    bytes[at] = (byte) v;
    return this;
  }

  public EventOutput writeInt(int v) {
    putInt(take(4), v);
    return this;
  }

  /** Overwrites the four bytes at {@code at}, written before. */
  void writeInt(int at, int v) {
    if (at < 0 || at > position - 4) {
      throw new IndexOutOfBoundsException("int at " + at + " of " + position + " bytes");
    }
    putInt(at, v);
  }

  private void putInt(int at, int v) {
    bytes[at] = (byte) v;
    bytes[at + 1] = (byte) (v >>> 8);
    bytes[at + 2] = (byte) (v >>> 16);
    bytes[at + 3] = (byte) (v >>> 24);
  }

  public EventOutput writeLong(long v) {
    int at = take(8);
    for (int i = 0; i < 8; i++) {
      bytes[at + i] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  /**
   * Chronicle's stop-bit number: seven bits a byte, low first, the top bit set on all but the last;
   * a negative number is written as its complement followed by a 0 byte.
   */
  public EventOutput writeStopBit(long v) {
    if ((v & ~0x7FL) == 0) { // most numbers in the journal take one byte
      return writeUnsignedByte((int) v);
    }
    boolean negative = v < 0;
    long n = negative ? ~v : v;
    while ((n & ~0x7FL) != 0) {
      writeUnsignedByte((int) (0x80 | (n & 0x7F)));
      n >>>= 7;
    }
    if (negative) {
      writeUnsignedByte((int) (0x80 | n));
      writeUnsignedByte(0);
    } else {
      writeUnsignedByte((int) n);
    }
    return this;
  }

  public EventOutput write(byte[] b) {
    return write(b, 0, b.length);
  }

  public EventOutput write(byte[] b, int from, int length) {
    int at = take(length);
    System.arraycopy(b, from, bytes, at, length);
    return this;
  }
}
