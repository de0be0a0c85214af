package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.BodyStoreContract.body;
import static dev.msgstore.journal.body.BodyStoreContract.readAll;
import static dev.msgstore.journal.body.TestSegments.flipByte;
import static dev.msgstore.journal.body.TestSegments.onlySegment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BodyStore#open} serves a body only as it was stored: a damaged one ends in {@link
 * CorruptBodyException}, never in end-of-stream, and its last chunk is never handed out.
 */
class VerifiedReadTest {
  static final int CHUNK = VerifiedBody.CHUNK;

  /** Stores {@code bodies} in one segment, closed; returns their digests. */
  static Digest[] store(Path dir, byte[]... bodies) throws IOException {
    Digest[] d = new Digest[bodies.length];
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      for (int i = 0; i < bodies.length; i++) {
        d[i] = store.put(bodies[i]).digest();
      }
    }
    return d;
  }

  /** Reads until the stream fails; returns how many bytes it handed out before that. */
  static long readUntilItFails(InputStream in) {
    long[] handed = {0};
    assertThrows(
        CorruptBodyException.class,
        () -> {
          byte[] buf = new byte[5000];
          for (int n; (n = in.read(buf)) >= 0; ) {
            handed[0] += n;
          }
        },
        "a damaged body ended in end-of-stream");
    return handed[0];
  }

  @Test
  void aSmallBodyWithAFlippedByteHandsOutNothing(@TempDir Path dir) throws IOException {
    byte[] content = body(4000, 1);
    Digest[] d = store(dir, content, body(300, 2));
    flipByte(onlySegment(dir), Frame.HEADER_BYTES + 3999); // its last payload byte
    try (SegmentBodyStore store = SegmentBodyStore.open(dir);
        InputStream in = store.open(d[0])) {
      assertEquals(0, readUntilItFails(in));
      // and every later read fails the same way: nothing more is handed out
      CorruptBodyException again = assertThrows(CorruptBodyException.class, in::read);
      assertEquals(d[0], again.digest());
      assertTrue(again.getMessage().contains("CRC32C"), again.getMessage());
      assertArrayEquals(body(300, 2), readAll(store, d[1]), "the other body is served");
    }
  }

  @Test
  void aLargeBodyFailsBeforeItsLastChunk(@TempDir Path dir) throws IOException {
    int size = 5 * CHUNK + 1234; // the last chunk is 1,234 bytes
    for (long at : new long[] {0, 3 * CHUNK + 17, size - 1}) {
      Path d = dir.resolve("at-" + at);
      Digest digest = store(d, body(size, 3))[0];
      flipByte(onlySegment(d), Frame.HEADER_BYTES + at);
      try (SegmentBodyStore store = SegmentBodyStore.open(d);
          InputStream in = store.open(digest)) {
        assertEquals(5L * CHUNK, readUntilItFails(in), "handed out all but the last chunk");
      }
    }
  }

  @Test
  void skippingDoesNotSkipTheCheck(@TempDir Path dir) throws IOException {
    int size = 3 * CHUNK;
    Digest digest = store(dir, body(size, 4))[0];
    flipByte(onlySegment(dir), Frame.HEADER_BYTES + 10);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir);
        InputStream in = store.open(digest)) {
      assertEquals(CHUNK, in.skip(CHUNK), "skips within the chunks before the last");
      // a skip into the last chunk reads it, and fails as a read would
      assertThrows(CorruptBodyException.class, () -> in.skip(size));
    }
  }

  @Test
  void aDamagedHeaderFailsTheOpen(@TempDir Path dir) throws IOException {
    Digest digest = store(dir, body(100, 5))[0];
    flipByte(onlySegment(dir), 20); // inside the header's digest
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      CorruptBodyException e = assertThrows(CorruptBodyException.class, () -> store.open(digest));
      assertEquals(digest, e.digest());
      assertEquals(BodyCheck.CORRUPT, store.verify(digest));
    }
  }

  @Test
  void anEmptyBodyIsCheckedToo(@TempDir Path dir) throws IOException {
    Digest digest = store(dir, new byte[0])[0];
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertArrayEquals(new byte[0], readAll(store, digest));
    }
    flipByte(onlySegment(dir), Frame.HEADER_BYTES); // its trailer: the CRC32C of nothing
    try (SegmentBodyStore store = SegmentBodyStore.open(dir);
        InputStream in = store.open(digest)) {
      assertEquals(0, readUntilItFails(in));
      assertEquals(BodyCheck.CORRUPT, store.verify(digest));
    }
  }

  @Test
  void aPayloadThatMatchesItsCrcButNotItsDigestFails(@TempDir Path dir) throws IOException {
    // The record is rewritten whole under the digest of another body, header CRC and payload
    // CRC both valid: only the SHA-256 can tell.
    byte[] content = body(500, 6);
    Digest digest = store(dir, content)[0];
    Path seg = onlySegment(dir);
    byte[] other = body(500, 7);
    try (var ch = java.nio.channels.FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
      Frame.writeFully(ch, java.nio.ByteBuffer.wrap(other), Frame.HEADER_BYTES);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(other);
      Frame.writeFully(ch, Frame.trailer((int) crc.getValue()), Frame.HEADER_BYTES + 500);
    }
    try (SegmentBodyStore store = SegmentBodyStore.open(dir);
        InputStream in = store.open(digest)) {
      assertEquals(0, readUntilItFails(in));
      assertEquals(BodyCheck.CORRUPT, store.verify(digest));
    }
  }
}
