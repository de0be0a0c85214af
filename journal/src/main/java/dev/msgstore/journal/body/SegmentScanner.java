package dev.msgstore.journal.body;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks the records of a segment by their headers, never trusting the file length.
 *
 * <p>An invalid record is either a torn tail (a crash while appending: nothing valid follows it) or
 * damage inside the file (valid records follow). Only a torn tail is truncated; past damage the
 * scan resynchronises on the next valid header, so one bad sector never costs the records after it.
 */
final class SegmentScanner {
  private static final System.Logger LOG = System.getLogger(SegmentScanner.class.getName());
  private static final byte[] MAGIC = ByteBuffer.allocate(4).putInt(Frame.MAGIC).array();

  /** Receives each valid record, in file order. */
  interface FrameSink {
    void accept(Frame frame) throws IOException;
  }

  private SegmentScanner() {}

  /**
   * Scans {@code ch} from {@code from}.
   *
   * @param checkEveryPayload check every payload's CRC; otherwise only the last record's (the one a
   *     crash could have torn), which lets an index be rebuilt by reading headers only
   * @param repair truncate a torn tail (and fsync); only for a segment whose lock the caller holds
   * @return the end of the last valid record
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
    while (pos < size) {
      Frame f = Frame.read(ch, pos, size);
      boolean valid =
          f != null && ((!checkEveryPayload && f.end() < size) || f.payloadCrcMatches(ch));
      if (!valid) {
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
    }
    if (validEnd < size && repair) {
      LOG.log(
          Level.WARNING,
          "body segment {0}: truncating a torn tail of {1} bytes at offset {2}",
          name,
          size - validEnd,
          validEnd);
      ch.truncate(validEnd);
      ch.force(true);
    }
    return Math.min(validEnd, size);
  }

  /** The next record with a valid header and payload at or after {@code from}, or null. */
  private static Frame findNext(FileChannel ch, long from, long size) throws IOException {
    byte[] buf = new byte[1 << 16];
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
