package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.BodyStoreContract.body;
import static dev.msgstore.journal.body.BodyStoreContract.readAll;
import static dev.msgstore.journal.body.TestSegments.flipByte;
import static dev.msgstore.journal.body.TestSegments.onlySegment;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.FileTrees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What opening a store repairs: torn tails, lost segments, a lost or stale index. */
class SegmentRecoveryTest {

  @Test
  void aTornTailIsTruncatedAndEarlierRecordsSurvive(@TempDir Path dir) throws IOException {
    List<byte[]> bodies = List.of(body(1000, 1), body(2000, 2), body(3000, 3));
    List<Digest> digests = new ArrayList<>();
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      for (byte[] b : bodies) {
        digests.add(store.put(b).digest());
      }
    }
    Path seg = onlySegment(dir);
    long validLength = Files.size(seg);
    // a crash mid-append: a whole header, then half the payload
    byte[] half = body(500, 4);
    try (FileChannel ch = FileChannel.open(seg, WRITE, APPEND)) {
      ch.write(Frame.header(Digest.sha256(body(1000, 4)), 1000));
      ch.write(ByteBuffer.wrap(half));
    }
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(validLength, Files.size(seg));
      for (int i = 0; i < bodies.size(); i++) {
        assertArrayEquals(bodies.get(i), readAll(store, digests.get(i)));
      }
      StoredBody later = store.put(body(700, 5));
      assertArrayEquals(body(700, 5), readAll(store, later.digest()));
    }
    // garbage after the last record is a torn tail too
    try (FileChannel ch = FileChannel.open(seg, WRITE, APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}));
    }
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(validLength, Files.size(seg));
      assertEquals(4, store.stats().records());
      for (Digest d : digests) {
        assertEquals(BodyCheck.OK, store.verify(d));
      }
    }
  }

  @Test
  void aFlippedPayloadByteMakesVerifyReportCorrupt(@TempDir Path dir) throws IOException {
    Digest digest;
    Digest intact;
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      digest = store.put(body(4000, 7)).digest();
      intact = store.put(body(4000, 8)).digest();
    }
    flipByte(onlySegment(dir), Frame.HEADER_BYTES + 1234);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(BodyCheck.CORRUPT, store.verify(digest));
      assertEquals(BodyCheck.OK, store.verify(intact));
    }
    flipByte(onlySegment(dir), 20); // inside the header's digest
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(BodyCheck.CORRUPT, store.verify(digest));
      assertThrows(IOException.class, () -> store.open(digest));
      assertEquals(BodyCheck.OK, store.verify(intact));
    }
  }

  @Test
  void restoreRepairsACorruptRecordFromAGoodCopy(@TempDir Path dir) throws IOException {
    byte[] content = body(4000, 7);
    Digest digest;
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      digest = store.put(content).digest();
    }
    flipByte(onlySegment(dir), Frame.HEADER_BYTES + 1234);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(BodyCheck.CORRUPT, store.verify(digest));
      assertTrue(store.put(content).deduplicated(), "put trusts the index: it cannot repair");
      assertEquals(BodyCheck.CORRUPT, store.verify(digest));
      store.restore(new java.io.ByteArrayInputStream(content));
      assertEquals(BodyCheck.OK, store.verify(digest));
    }
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(BodyCheck.OK, store.verify(digest), "the repair survives a reopen");
    }
  }

  @Test
  void aDeletedSegmentMakesItsBodiesMissing(@TempDir Path dir) throws IOException {
    byte[] content = body(3000, 9);
    Digest digest;
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      digest = store.put(content).digest();
    }
    Files.delete(onlySegment(dir));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(BodyCheck.MISSING, store.verify(digest));
      assertThrows(NoSuchBodyException.class, () -> store.open(digest));
      // storing it again must write it again, not "deduplicate" against the lost copy
      assertFalse(store.put(content).deduplicated());
      assertArrayEquals(content, readAll(store, digest));
    }
  }

  @Test
  void aDeletedIndexIsRebuiltFromTheSegments(@TempDir Path dir) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      bodies.add(body(100 + i * 37, i));
    }
    BodyStoreStats before;
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 16 << 10)) {
      for (byte[] b : bodies) {
        store.put(b);
      }
      before = store.stats();
    }
    assertTrue(before.segments() > 1, "several segments: " + before);
    FileTrees.delete(dir.resolve(Recovery.INDEX_DIR));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 16 << 10)) {
      assertTrue(store.indexRebuilt());
      assertEquals(before, store.stats());
      for (byte[] b : bodies) {
        assertArrayEquals(b, readAll(store, Digest.sha256(b)));
      }
    }
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 16 << 10)) {
      assertFalse(store.indexRebuilt());
    }
  }

  @Test
  void anUnreadableIndexIsRebuilt(@TempDir Path dir) throws IOException {
    byte[] content = body(999, 11);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      store.put(content);
    }
    Files.write(dir.resolve(Recovery.INDEX_DIR).resolve("data.mdb"), body(8192, 12));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertTrue(store.indexRebuilt());
      assertArrayEquals(content, readAll(store, Digest.sha256(content)));
    }
  }

  @Test
  void aNewBootIdRebuildsTheIndex(@TempDir Path dir) throws IOException {
    byte[] content = body(1234, 13);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 1 << 20, "boot-1")) {
      assertTrue(store.indexRebuilt()); // a new store: built from no segments
      store.put(content);
    }
    assertEquals("boot-1", Files.readString(dir.resolve(Recovery.BOOT_ID_FILE)).trim());
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 1 << 20, "boot-1")) {
      assertFalse(store.indexRebuilt());
    }
    Path marker = Files.createFile(dir.resolve(Recovery.INDEX_DIR).resolve("marker"));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 1 << 20, "boot-2")) {
      assertTrue(store.indexRebuilt());
      assertFalse(Files.exists(marker), "the old index was deleted");
      assertArrayEquals(content, readAll(store, Digest.sha256(content)));
    }
    assertEquals("boot-2", Files.readString(dir.resolve(Recovery.BOOT_ID_FILE)).trim());
    assertNotEquals("", Recovery.currentBootId());
  }

  @Test
  void recordsOfACrashedWriterAreIndexedAtOpen(@TempDir Path dir) throws IOException {
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      store.put(body(10, 30)); // creates the index
    }
    // a segment whose writer crashed after appending and fsyncing but before its index put
    byte[] lost = body(5000, 31);
    Path seg = dir.resolve("seg-1-999999-1.body");
    try (FileChannel ch = FileChannel.open(seg, WRITE, java.nio.file.StandardOpenOption.CREATE)) {
      ch.write(Frame.header(Digest.sha256(lost), lost.length));
      ch.write(ByteBuffer.wrap(lost));
      var crc = new java.util.zip.CRC32C();
      crc.update(lost);
      ch.write(Frame.trailer((int) crc.getValue()));
    }
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertFalse(store.indexRebuilt());
      assertArrayEquals(lost, readAll(store, Digest.sha256(lost)));
      assertEquals(BodyCheck.OK, store.verify(Digest.sha256(lost)));
    }
  }

  @Test
  void damageInsideASegmentCostsOnlyTheDamagedRecord(@TempDir Path dir) throws IOException {
    byte[] first = body(3000, 40);
    byte[] second = body(3000, 41);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      store.put(first);
      store.put(second);
    }
    Path seg = onlySegment(dir);
    long length = Files.size(seg);
    flipByte(seg, 2); // the first record's magic
    FileTrees.delete(dir.resolve(Recovery.INDEX_DIR));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      assertEquals(length, Files.size(seg), "not truncated: valid records follow");
      assertEquals(BodyCheck.MISSING, store.verify(Digest.sha256(first)));
      assertArrayEquals(second, readAll(store, Digest.sha256(second)));
    }
  }
}
