package dev.msgstore.journal.body;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Helpers for tests that look at segment files. */
final class TestSegments {
  private TestSegments() {}

  static List<Path> segments(Path bodies) throws IOException {
    return Segments.list(bodies);
  }

  static Path onlySegment(Path bodies) throws IOException {
    List<Path> segs = segments(bodies);
    assertEquals(1, segs.size(), segs.toString());
    return segs.get(0);
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, READ, WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
      ch.write(b, offset);
    }
  }

  /**
   * The bytes of records in the segments (each segment's end of its last valid record, whatever the
   * file length): a writer's segment holds preallocated zeros after its records while it is open.
   */
  static long liveBytes(Path dir) throws IOException {
    long total = 0;
    for (Path p : segments(dir)) {
      total += liveEnd(p);
    }
    return total;
  }

  /** The end of the segment's last valid record. */
  static long liveEnd(Path segment) throws IOException {
    FileChannel held = Segments.held(segment); // never open a held segment twice (POSIX locks)
    if (held != null) {
      return SegmentScanner.scan(held, "test", 0, true, false, f -> {});
    }
    try (FileChannel ch = FileChannel.open(segment, READ)) {
      return SegmentScanner.scan(ch, "test", 0, true, false, f -> {});
    }
  }

  /** Appends {@code n} zero bytes, as a writer that preallocated and died leaves them. */
  static void appendZeros(Path segment, int n) throws IOException {
    try (FileChannel ch = FileChannel.open(segment, WRITE)) {
      long at = ch.size();
      ByteBuffer zeros = ByteBuffer.allocate(n);
      while (zeros.hasRemaining()) {
        ch.write(zeros, at + zeros.position());
      }
    }
  }

  static long diskBytes(Path dir) throws IOException {
    long total = 0;
    for (Path p : segments(dir)) {
      total += Files.size(p);
    }
    return total;
  }
}
