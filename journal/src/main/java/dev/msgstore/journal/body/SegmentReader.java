package dev.msgstore.journal.body;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads bodies from segments with positional reads, through a small cache of read-only channels
 * (shared by all readers: positional reads need no per-reader state). A segment this JVM holds is
 * read through the holder's channel instead (see {@link Segments}).
 */
final class SegmentReader implements AutoCloseable {
  private static final int MAX_OPEN = 64;
  private static final int CHUNK = 1 << 16;

  private final Path dir;
  private final Map<String, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true); // LRU

  SegmentReader(Path dir) {
    this.dir = dir;
  }

  /**
   * A channel on the segment. Throws {@link NoSuchFileException} when the file is gone, even if a
   * channel on its deleted inode is cached (compaction or an administrator removed it).
   */
  FileChannel channel(String segment) throws IOException {
    Path path = dir.resolve(segment);
    FileChannel held = Segments.held(path);
    if (held != null && held.isOpen()) {
      return held;
    }
    synchronized (open) {
      FileChannel ch = open.get(segment);
      if (ch != null && ch.isOpen() && Files.exists(path)) {
        return ch;
      }
      forget(segment);
      ch = FileChannel.open(path, StandardOpenOption.READ);
      open.put(segment, ch);
      if (open.size() > MAX_OPEN) {
        var eldest = open.entrySet().iterator().next();
        forget(eldest.getKey());
      }
      return ch;
    }
  }

  /** Closes the cached channel on {@code segment}, if any (a reader using it reopens). */
  void forget(String segment) {
    synchronized (open) {
      FileChannel ch = open.remove(segment);
      if (ch != null) {
        closeQuietly(ch);
      }
    }
  }

  /**
   * Checks that the frame at {@code at} is the indexed body (header valid, same digest and length).
   *
   * @return null when it is, else why not
   */
  String frameMismatch(Digest digest, BodyIndex.Location at) throws IOException {
    FileChannel ch = channel(at.segment());
    long start = at.offset() - Frame.HEADER_BYTES;
    Frame f = Frame.read(ch, start, ch.size());
    if (f == null) {
      return "no valid record header at offset " + start + " of " + at.segment();
    }
    if (!f.digest().equals(digest) || f.length() != at.length()) {
      return "the record at offset " + start + " of " + at.segment() + " is another body";
    }
    return null;
  }

  InputStream stream(BodyIndex.Location at) throws IOException {
    return new BodyInputStream(
        at.segment(), channel(at.segment()), at.offset(), at.offset() + at.length());
  }

  /** Re-reads the payload: CORRUPT when its CRC or its SHA-256 is not what the frame says. */
  BodyCheck check(Digest digest, BodyIndex.Location at) throws IOException {
    FileChannel ch = channel(at.segment());
    MessageDigest sha = Digest.newSha256();
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(at.length(), 1)));
    long pos = at.offset();
    long end = at.offset() + at.length();
    while (pos < end) {
      buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
      Frame.readFully(ch, buf, pos);
      pos += buf.position();
      buf.flip();
      crc.update(buf.duplicate());
      sha.update(buf);
    }
    ByteBuffer trailer = ByteBuffer.allocate(Frame.TRAILER_BYTES);
    Frame.readFully(ch, trailer, end);
    boolean ok =
        trailer.getInt(0) == (int) crc.getValue() && Digest.of(sha.digest()).equals(digest);
    return ok ? BodyCheck.OK : BodyCheck.CORRUPT;
  }

  @Override
  public void close() {
    synchronized (open) {
      open.values().forEach(SegmentReader::closeQuietly);
      open.clear();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // read-only: nothing to lose
    }
  }

  /** A body's bytes, read in bounded chunks straight from the segment into the caller's array. */
  private final class BodyInputStream extends InputStream {
    private final String segment;
    private FileChannel ch; // kept: a compacted-away segment stays readable until we finish
    private long pos;
    private final long end;

    BodyInputStream(String segment, FileChannel ch, long pos, long end) {
      this.segment = segment;
      this.ch = ch;
      this.pos = pos;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos >= end) {
        return -1;
      }
      ByteBuffer dst = ByteBuffer.wrap(b, off, (int) Math.min(Math.min(len, CHUNK), end - pos));
      int n = readAt(dst);
      if (n < 0) {
        throw new IOException("segment " + segment + " ends inside a body at offset " + pos);
      }
      pos += n;
      return n;
    }

    private int readAt(ByteBuffer dst) throws IOException {
      try {
        return ch.read(dst, pos);
      } catch (ClosedByInterruptException e) {
        throw e;
      } catch (ClosedChannelException e) {
        // The channel was shared and its owner closed it (rolled over, compacted, evicted).
        ch = channel(segment);
        return ch.read(dst, pos);
      }
    }

    @Override
    public long skip(long n) {
      long k = Math.max(0, Math.min(n, end - pos));
      pos += k;
      return k;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }
  }
}
