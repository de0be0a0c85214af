package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.BodyStoreContract.body;
import static dev.msgstore.journal.body.BodyStoreContract.readAll;
import static dev.msgstore.journal.body.TestSegments.appendZeros;
import static dev.msgstore.journal.body.TestSegments.liveEnd;
import static dev.msgstore.journal.body.TestSegments.onlySegment;
import static dev.msgstore.journal.body.TestSegments.segments;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments are preallocated with zeros; zeros after the last record are the clean end. */
class SegmentPreallocationTest {

  @Test
  void anOpenSegmentIsPreallocatedAndClosingCutsItToItsLastRecord(@TempDir Path dir)
      throws IOException {
    long frames = 0;
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      for (int i = 0; i < 10; i++) {
        store.put(body(5000, i));
        frames += Frame.frameBytes(5000);
      }
      Path seg = onlySegment(dir);
      assertEquals(SegmentWriter.PREALLOCATE_STEP, Files.size(seg), "zeros written ahead");
      assertEquals(frames, liveEnd(seg));
      assertEquals(new BodyStoreStats(1, 10, 10 * 5000), store.stats());
    }
    assertEquals(frames, Files.size(onlySegment(dir)));
  }

  @Test
  void zerosAfterTheLastRecordOfADeadWriterReopenCleanly(@TempDir Path dir) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      bodies.add(body(3000 + i * 101, 300 + i));
    }
    BodyStoreStats before;
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      for (byte[] b : bodies) {
        store.put(b);
      }
      before = store.stats();
    }
    Path seg = onlySegment(dir);
    long validLength = Files.size(seg);
    appendZeros(seg, 3 << 20); // what a writer that preallocated and died leaves
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertFalse(store.indexRebuilt());
      assertEquals(validLength, Files.size(seg), "the zeros were cut");
      assertEquals(before, store.stats());
      for (byte[] b : bodies) {
        assertArrayEquals(b, readAll(store, Digest.sha256(b)));
      }
      byte[] later = body(4000, 399);
      assertFalse(store.put(later).deduplicated());
      assertArrayEquals(later, readAll(store, Digest.sha256(later)));
      assertEquals(0, store.compact(d -> true), "zeros are not reclaimable records");
    }
    // the same when the index is rebuilt from headers
    appendZeros(seg, 1 << 20);
    FileTrees.delete(dir.resolve(Recovery.INDEX_DIR));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertTrue(store.indexRebuilt());
      assertEquals(validLength, Files.size(seg));
      assertEquals(bodies.size() + 1, store.stats().records());
      for (byte[] b : bodies) {
        assertEquals(BodyCheck.OK, store.verify(Digest.sha256(b)));
      }
    }
  }

  @Test
  void aDeadWritersSegmentIsIndexedAndCutToItsLastRecord(@TempDir Path dir) throws IOException {
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      store.put(body(10, 500)); // creates the index
    }
    // a writer that appended and fsynced two records into its preallocated segment, then died
    // before indexing them
    byte[] first = body(7000, 501);
    byte[] second = body(9000, 502);
    Path seg = dir.resolve("seg-1-999999-1.body");
    try (FileChannel ch = FileChannel.open(seg, CREATE_NEW, WRITE)) {
      writeFrame(ch, first);
      writeFrame(ch, second);
    }
    long end = Files.size(seg);
    appendZeros(seg, 2 << 20);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertFalse(store.indexRebuilt());
      assertEquals(end, Files.size(seg));
      assertArrayEquals(first, readAll(store, Digest.sha256(first)));
      assertArrayEquals(second, readAll(store, Digest.sha256(second)));
      assertEquals(3, store.stats().records());
    }
  }

  @Test
  void aTornRecordBeforeTheZerosIsNotTrustedByARebuild(@TempDir Path dir) throws IOException {
    byte[] kept = body(6000, 600);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      store.put(kept);
    }
    Path seg = onlySegment(dir);
    long validLength = Files.size(seg);
    // a crash mid-append into preallocated bytes: the header made it, half the payload did not
    byte[] torn = body(8000, 601);
    try (FileChannel ch = FileChannel.open(seg, WRITE)) {
      Frame.writeFully(ch, Frame.header(Digest.sha256(torn), torn.length), validLength);
      Frame.writeFully(
          ch, ByteBuffer.wrap(torn, 0, 4000), validLength + Frame.HEADER_BYTES); // the rest: 0
    }
    appendZeros(seg, 1 << 20); // its frame "fits" in the file: the length proves nothing
    FileTrees.delete(dir.resolve(Recovery.INDEX_DIR));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertTrue(store.indexRebuilt());
      assertEquals(validLength, Files.size(seg), "the torn record and the zeros were cut");
      assertFalse(store.contains(Digest.sha256(torn)));
      assertEquals(BodyCheck.OK, store.verify(Digest.sha256(kept)));
      assertEquals(1, store.stats().records());
    }
  }

  @Test
  void bodiesPastThePreallocatedStretchesAreStoredWhole(@TempDir Path dir) throws Exception {
    // 8 threads store about three preallocation steps' worth, with bodies of every kind: small
    // ones, ones spooled to a file, and ones larger than what is left preallocated
    int threads = 8;
    List<Digest> digests = new ArrayList<>();
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<Digest>>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    List<Digest> out = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                      long seed = thread * 1000L + i;
                      int size = i % 10 == 9 ? (3 << 20) / 2 : 20_000 + i * 1000;
                      byte[] b = body(size, seed);
                      out.add(
                          i % 2 == 0
                              ? store.put(b).digest()
                              : store.put(new ByteArrayInputStream(b)).digest());
                    }
                    return out;
                  }));
        }
        for (Future<List<Digest>> f : done) {
          digests.addAll(f.get());
        }
      } finally {
        pool.shutdownNow();
      }
      Path seg = onlySegment(dir);
      assertTrue(liveEnd(seg) > 2 * SegmentWriter.PREALLOCATE_STEP, "spans several steps");
      assertTrue(Files.size(seg) >= liveEnd(seg));
      for (Digest d : digests) {
        assertEquals(BodyCheck.OK, store.verify(d), d.hex());
      }
    }
    Path seg = onlySegment(dir);
    assertEquals(liveEnd(seg), Files.size(seg));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(digests.size(), store.stats().records());
      for (Digest d : digests) {
        assertEquals(BodyCheck.OK, store.verify(d), d.hex());
      }
    }
  }

  @Test
  void retiredSegmentsAreCutToTheirLastRecordWhileTheStoreIsOpen(@TempDir Path dir)
      throws IOException {
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 64 << 10)) {
      for (int i = 0; i < 40; i++) {
        store.put(body(9000, 700 + i));
      }
      List<Path> segs = segments(dir);
      assertTrue(segs.size() > 4, segs.toString());
      for (Path seg : segs) {
        assertTrue(Files.size(seg) <= 64 << 10, seg + " " + Files.size(seg));
      }
      for (Path seg : segs.subList(0, segs.size() - 1)) { // all but the current one
        if (Segments.held(seg) == null) {
          assertEquals(liveEnd(seg), Files.size(seg), seg.toString());
        }
      }
    }
  }

  private static void writeFrame(FileChannel ch, byte[] payload) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    long at = ch.size();
    Frame.writeFully(ch, Frame.header(Digest.sha256(payload), payload.length), at);
    Frame.writeFully(ch, ByteBuffer.wrap(payload), at + Frame.HEADER_BYTES);
    Frame.writeFully(
        ch, Frame.trailer((int) crc.getValue()), at + Frame.HEADER_BYTES + payload.length);
  }
}
