package dev.msgstore.journal.body;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A body's bytes as {@link BodyStore#open} serves them: read from the segment a chunk (64 KiB) at a
 * time, each chunk added to the payload's CRC32C and SHA-256 before any of it is handed out, and
 * the last chunk handed out only once both match the record (its trailer, the digest it is stored
 * under). So a damaged body ends in a {@link CorruptBodyException}, never in end-of-stream, and a
 * body of one chunk (most mail) is checked whole before its first byte leaves. Heap is one chunk,
 * whatever the body's size. {@link #skip} reads through, so that skipping does not skip the check;
 * a reader that closes the stream early has read a prefix nothing has vouched for.
 */
final class VerifiedBody extends InputStream {
  static final int CHUNK = 1 << 16;

  private final SegmentReader reader;
  private final String segment;
  private final Digest digest;
  private final long end; // the payload's end: its CRC32C trailer starts here
  private final ByteBuffer buf; // read and added to the checks, not yet handed out
  private final CRC32C crc = new CRC32C();
  private final MessageDigest sha = Digest.newSha256();
  private FileChannel ch; // kept: a compacted-away segment stays readable until we finish
  private long pos;
  private boolean verified;
  private CorruptBodyException failed;

  VerifiedBody(SegmentReader reader, Digest digest, BodyIndex.Location at) throws IOException {
    this.reader = reader;
    this.segment = at.segment();
    this.digest = digest;
    this.ch = reader.channel(segment);
    this.pos = at.offset();
    this.end = at.offset() + at.length();
    this.buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(at.length(), 1))).limit(0);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!buf.hasRemaining()) {
      if (verified) {
        return -1;
      }
      fill();
      if (!buf.hasRemaining()) {
        return -1; // an empty body, checked
      }
    }
    int n = Math.min(len, buf.remaining());
    buf.get(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      if (!buf.hasRemaining()) {
        if (verified) {
          break;
        }
        fill();
      }
      int k = (int) Math.min(n - skipped, buf.remaining());
      buf.position(buf.position() + k);
      skipped += k;
    }
    return skipped;
  }

  @Override
  public int available() {
    return buf.remaining();
  }

  /** Reads the rest of the body, handing nothing out: the check alone ({@link #verify}). */
  void drain() throws IOException {
    while (!verified) {
      buf.position(buf.limit());
      fill();
    }
  }

  /** Reads the next chunk into the (empty) buffer; at the payload's end, checks it whole. */
  private void fill() throws IOException {
    if (failed != null) {
      throw failed; // every later read fails as the first did: nothing more is handed out
    }
    buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
    readFully(buf);
    buf.flip();
    crc.update(buf.duplicate());
    sha.update(buf.duplicate());
    if (pos == end) {
      ByteBuffer trailer = ByteBuffer.allocate(Frame.TRAILER_BYTES);
      readFully(trailer);
      String why =
          trailer.getInt(0) != (int) crc.getValue()
              ? "its payload's CRC32C fails"
              : !Digest.of(sha.digest()).equals(digest)
                  ? "its bytes hash to another SHA-256"
                  : null;
      if (why != null) {
        buf.limit(0);
        failed = new CorruptBodyException(digest, why + " (" + segment + ")");
        throw failed;
      }
      verified = true;
    }
  }

  private void readFully(ByteBuffer dst) throws IOException {
    while (dst.hasRemaining()) {
      int n = readAt(dst);
      if (n < 0) {
        throw new EOFException("segment " + segment + " ends inside a body at offset " + pos);
      }
      pos += n;
    }
  }

  private int readAt(ByteBuffer dst) throws IOException {
    try {
      return ch.read(dst, pos);
    } catch (ClosedByInterruptException e) {
      throw e;
    } catch (ClosedChannelException e) {
      // The channel was shared and its owner closed it (rolled over, compacted, evicted).
      ch = reader.channel(segment);
      return ch.read(dst, pos);
    }
  }
}
