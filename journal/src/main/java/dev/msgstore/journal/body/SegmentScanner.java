package dev.msgstore.journal.body;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the records of a segment by their headers, never trusting the file length.
 *
 * <p>After the last record a segment may hold zeros: its writer preallocates (see {@link
 * SegmentWriter}) and trims them when it retires or closes the segment, so a run of zeros up to the
 * end of the file is the clean end of the records of a segment whose writer is alive or died.
 * Anything else after the last valid record is a torn tail (a crash while appending: nothing valid
 * follows it) or damage inside the file (valid records follow). A torn tail and trailing zeros are
 * truncated when repairing; past damage the scan resynchronises on the next valid header, so one
 * bad sector never costs the records after it.
 */
final class SegmentScanner {
  private static final System.Logger LOG = System.getLogger(SegmentScanner.class.getName());
  private static final byte[] MAGIC = ByteBuffer.allocate(4).putInt(Frame.MAGIC).array();
  private static final int CHUNK = 1 << 16;

  /** Receives each valid record, in file order. */
  interface FrameSink {
    void accept(Frame frame) throws IOException;
  }

  private SegmentScanner() {}

  /**
   * Scans {@code ch} from {@code from}.
   *
   * @param checkEveryPayload check every payload's CRC; otherwise only that of a record not
   *     followed by a valid header (the last one, which a crash could have torn), which lets an
   *     index be rebuilt by reading headers only
   * @param repair truncate a torn tail or trailing zeros (and fsync); only for a segment whose lock
   *     the caller holds
   * @return the end of the last valid record (the segment's live end, whatever its file length)
   */
  static long scan(
      FileChannel ch,
      String name,
      long from,
      boolean checkEveryPayload,
      boolean repair,
      FrameSink sink)
      throws IOException {
    long size = ch.size();
    long pos = from;
    long validEnd = from;
    boolean zeroTail = false;
    Frame f = Frame.read(ch, pos, size);
    while (pos < size) {
      Frame next = null; // the header after f, when read to decide on f
      boolean valid;
      if (f == null) {
        valid = false;
      } else if (checkEveryPayload) {
        valid = f.payloadCrcMatches(ch);
      } else {
        // The rebuild's rule: check the payload of the last record only, the one a crash could
        // have torn. The last is the one no valid header follows, whatever the file length says
        // (zeros may follow it).
        next = Frame.read(ch, f.end(), size);
        valid = next != null || f.payloadCrcMatches(ch);
      }
      if (!valid) {
        next = null;
        if (isZeros(ch, pos, size)) {
          zeroTail = true; // preallocated and never written: the records end here
          break;
        }
        f = findNext(ch, pos + 1, size);
        if (f == null) {
          break;
        }
        LOG.log(
            Level.WARNING,
            "body segment {0}: skipped {1} damaged bytes at offset {2}",
            name,
            f.start() - pos,
            pos);
      }
      sink.accept(f);
      pos = f.end();
      validEnd = pos;
      f = next != null ? next : Frame.read(ch, pos, size);
    }
    if (validEnd < size && repair) {
      if (zeroTail) {
        LOG.log(
            Level.DEBUG,
            "body segment {0}: trimming {1} preallocated bytes after its last record at {2}",
            name,
            size - validEnd,
            validEnd);
      } else {
        LOG.log(
            Level.WARNING,
            "body segment {0}: truncating a torn tail of {1} bytes at offset {2}",
            name,
            size - validEnd,
            validEnd);
      }
      ch.truncate(validEnd);
      ch.force(true);
    }
    return Math.min(validEnd, size);
  }

  /** Whether every byte of {@code [from, size)} is zero. */
  private static boolean isZeros(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(size - from, 1)));
    for (long pos = from; pos < size; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
      Frame.readFully(ch, buf, pos);
      pos += buf.position();
      buf.flip();
      while (buf.remaining() >= Long.BYTES) {
        if (buf.getLong() != 0) {
          return false;
        }
      }
      while (buf.hasRemaining()) {
        if (buf.get() != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** The next record with a valid header and payload at or after {@code from}, or null. */
  private static Frame findNext(FileChannel ch, long from, long size) throws IOException {
    byte[] buf = new byte[CHUNK];
    long base = from;
    while (size - base >= Frame.HEADER_BYTES) {
      int n = (int) Math.min(buf.length, size - base);
      Frame.readFully(ch, ByteBuffer.wrap(buf, 0, n), base);
      for (int i = 0; i + Frame.HEADER_BYTES <= n; i++) {
        if (buf[i] == MAGIC[0]
            && buf[i + 1] == MAGIC[1]
            && buf[i + 2] == MAGIC[2]
            && buf[i + 3] == MAGIC[3]) {
          Frame f = Frame.parse(buf, i, base + i, size);
          if (f != null && f.payloadCrcMatches(ch)) {
            return f;
          }
        }
      }
      base += n - Frame.HEADER_BYTES + 1;
    }
    return null;
  }
}
