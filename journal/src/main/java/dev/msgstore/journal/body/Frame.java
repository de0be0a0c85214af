package dev.msgstore.journal.body;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * One record in a segment: {@code [magic u32][version u8][payload length u64][SHA-256 32 bytes]
 * [CRC32C of the preceding header bytes u32]}, the payload, then {@code [CRC32C of the payload
 * u32]}. Big-endian. The digest sits in the header so an index can be rebuilt by reading headers
 * only and seeking over payloads.
 *
 * @param start offset of the header in the segment
 */
record Frame(long start, Digest digest, long length) {
  static final int MAGIC = 0x4D534244; // "MSBD"
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 4 + 1 + 8 + Digest.BYTES + 4;
  static final int TRAILER_BYTES = 4;
  private static final int CHECKED_HEADER_BYTES = HEADER_BYTES - 4;

  /** Bytes a record of this payload length takes in a segment. */
  static long frameBytes(long payloadLength) {
    return HEADER_BYTES + payloadLength + TRAILER_BYTES;
  }

  long payloadOffset() {
    return start + HEADER_BYTES;
  }

  long trailerOffset() {
    return payloadOffset() + length;
  }

  long end() {
    return start + frameBytes(length);
  }

  static ByteBuffer header(Digest digest, long length) {
    return putHeader(ByteBuffer.allocate(HEADER_BYTES), digest, length).flip();
  }

  /** Puts the header at {@code dst}'s position (advancing it) and returns {@code dst}. */
  static ByteBuffer putHeader(ByteBuffer dst, Digest digest, long length) {
    int at = dst.position();
    dst.putInt(MAGIC)
        .put(VERSION)
        .putLong(length)
        .putLong(digest.w0())
        .putLong(digest.w1())
        .putLong(digest.w2())
        .putLong(digest.w3());
    CRC32C crc = new CRC32C();
    crc.update(dst.slice(at, CHECKED_HEADER_BYTES));
    return dst.putInt((int) crc.getValue());
  }

  static ByteBuffer trailer(int payloadCrc) {
    return ByteBuffer.allocate(TRAILER_BYTES).putInt(0, payloadCrc);
  }

  /**
   * The frame whose header starts at {@code start}, or null when no valid header is there or the
   * frame it announces does not fit before {@code fileSize} (a torn tail).
   */
  static Frame read(FileChannel ch, long start, long fileSize) throws IOException {
    if (start < 0 || fileSize - start < HEADER_BYTES) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
    readFully(ch, b, start);
    return parse(b.array(), 0, start, fileSize);
  }

  /** Parses a header from {@code buf[off..]}; null when it is not a valid header. */
  static Frame parse(byte[] buf, int off, long start, long fileSize) {
    ByteBuffer b = ByteBuffer.wrap(buf, off, HEADER_BYTES).slice();
    if (b.getInt(0) != MAGIC || b.get(4) != VERSION) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(buf, off, CHECKED_HEADER_BYTES);
    if ((int) crc.getValue() != b.getInt(CHECKED_HEADER_BYTES)) {
      return null;
    }
    long length = b.getLong(5);
    if (length < 0 || length > fileSize - start - HEADER_BYTES - TRAILER_BYTES) {
      return null;
    }
    byte[] sha = new byte[Digest.BYTES];
    b.get(13, sha);
    return new Frame(start, Digest.of(sha), length);
  }

  /** Whether the payload's CRC32C matches the trailer. Streams with a fixed buffer. */
  boolean payloadCrcMatches(FileChannel ch) throws IOException {
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
    readFully(ch, trailer, trailerOffset());
    return payloadCrc(ch, payloadOffset(), length) == trailer.getInt(0);
  }

  static int payloadCrc(FileChannel ch, long offset, long length) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 1 << 16));
    long pos = offset;
    long end = offset + length;
    while (pos < end) {
      buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
      readFully(ch, buf, pos);
      pos += buf.position();
      crc.update(buf.flip());
    }
    return (int) crc.getValue();
  }

  /** Positional read that fills {@code b}; EOF before that is an {@link java.io.EOFException}. */
  static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long pos = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new java.io.EOFException("segment ends at " + pos);
      }
      pos += n;
    }
  }

  static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long pos = position;
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }
}
