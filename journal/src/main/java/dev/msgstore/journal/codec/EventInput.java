package dev.msgstore.journal.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads the journal's field encodings from a heap copy of one document, as Chronicle's {@code
 * Bytes} wrote them (little-endian integers, Chronicle's stop-bit numbers): the same bytes, read
 * with no Chronicle class. A replay decodes a million events through this; through Chronicle's
 * {@code Bytes}, whose reads are deep and checked at each level, the JIT compilers spent more CPU
 * on the decoder than the replay spent running it, and a fresh JVM that reads a few commits (the
 * audit query) paid for Chronicle's start-up. A read past the limit throws {@link
 * CorruptCommitException}.
 */
public final class EventInput {
  private final byte[] bytes;
  private int position;
  private int limit;

  /** Reads {@code bytes[from, to)}. */
  EventInput(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.position = from;
    this.limit = to;
  }

  int position() {
    return position;
  }

  int limit() {
    return limit;
  }

  void limit(int limit) {
    this.limit = limit;
  }

  /** The bytes left before the limit. */
  int remaining() {
    return limit - position;
  }

  private int take(int n) {
    int at = position;
    if (n > limit - at) {
      throw new CorruptCommitException(
          "a field of " + n + " bytes runs past its end (" + (limit - at) + " left)");
    }
    position = at + n;
    return at;
  }

  int readUnsignedByte() {
    return bytes[take(1)] & 0xff;
  }

  int readInt() {
    int at = take(4);
    return (bytes[at] & 0xff)
        | (bytes[at + 1] & 0xff) << 8
        | (bytes[at + 2] & 0xff) << 16
        | (bytes[at + 3] & 0xff) << 24;
  }

  long readLong() {
    int at = take(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (bytes[at + i] & 0xff);
    }
    return v;
  }

  /**
   * Chronicle's stop-bit number: seven bits a byte, low first, the top bit set on all but the last;
   * a negative number is written as its complement followed by a 0 byte.
   */
  long readStopBit() {
    int at = position;
    if (at < limit && bytes[at] >= 0) { // most numbers in the journal take one byte
      position = at + 1;
      return bytes[at];
    }
    long l = bytes[take(1)] & 0x7FL;
    int count = 7;
    long b;
    while ((b = bytes[take(1)]) < 0) {
      l |= (b & 0x7FL) << count;
      count += 7;
    }
    if (b != 0) {
      if (count > 56) {
        throw new CorruptCommitException("a number of more than 9 stop-bit bytes");
      }
      return l | (b << count);
    }
    if (count > 63) {
      throw new CorruptCommitException("a negative number of more than 10 stop-bit bytes");
    }
    return ~l;
  }

  /** The next {@code n} bytes as UTF-8 (the caller has checked that they are there). */
  String readUtf8(int n) {
    return new String(bytes, take(n), n, StandardCharsets.UTF_8);
  }

  /** Moves past {@code n} bytes. */
  void skip(int n) {
    take(n);
  }
}
