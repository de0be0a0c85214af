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

  static long diskBytes(Path dir) throws IOException {
    long total = 0;
    for (Path p : segments(dir)) {
      total += Files.size(p);
    }
    return total;
  }
}
