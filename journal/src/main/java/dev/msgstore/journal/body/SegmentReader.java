package dev.msgstore.journal.body;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads bodies from segments with positional reads, through a small cache of read-only channels
 * (shared by all readers: positional reads need no per-reader state). A segment this JVM holds is
 * read through the holder's channel instead (see {@link Segments}).
 */
final class SegmentReader implements AutoCloseable {
  private static final int MAX_OPEN = 64;

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

  /** The body, checked as it is read: see {@link VerifiedBody}. */
  VerifiedBody stream(Digest digest, BodyIndex.Location at) throws IOException {
    return new VerifiedBody(this, digest, at);
  }

  /**
   * Re-reads the payload through the same check a reader gets: CORRUPT when its CRC or its SHA-256
   * is not what the frame says.
   */
  BodyCheck check(Digest digest, BodyIndex.Location at) throws IOException {
    try (VerifiedBody body = stream(digest, at)) {
      body.drain();
      return BodyCheck.OK;
    } catch (CorruptBodyException e) {
      return BodyCheck.CORRUPT;
    }
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
}
