package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.BodyStoreContract.body;
import static dev.msgstore.journal.body.BodyStoreContract.readAll;
import static dev.msgstore.journal.body.TestSegments.diskBytes;
import static dev.msgstore.journal.body.TestSegments.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reclaiming the space of purged bodies. */
class SegmentCompactionTest {

  @Test
  void compactionKeepsLiveBodiesAndReclaimsDeadOnes(@TempDir Path dir) throws IOException {
    List<byte[]> live = new ArrayList<>();
    List<byte[]> dead = new ArrayList<>();
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 20_000)) {
      for (int i = 0; i < 30; i++) {
        byte[] b = body(2000, 100 + i);
        store.put(b);
        (i % 3 == 0 ? live : dead).add(b);
      }
    }
    java.util.Set<Digest> liveDigests = new java.util.HashSet<>();
    live.forEach(b -> liveDigests.add(Digest.sha256(b)));
    long diskBefore = diskBytes(dir);
    int segmentsBefore = segments(dir).size();
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 20_000)) {
      long reclaimed = store.compact(liveDigests::contains);
      assertTrue(reclaimed >= 20L * 2000, "reclaimed " + reclaimed);
      assertEquals(diskBefore - reclaimed, diskBytes(dir));
      assertTrue(segments(dir).size() < segmentsBefore, "survivors are packed together");
      assertEquals(new BodyStoreStats(segments(dir).size(), 10, 10 * 2000), store.stats());
      for (byte[] b : live) {
        assertArrayEquals(b, readAll(store, Digest.sha256(b)));
        assertEquals(BodyCheck.OK, store.verify(Digest.sha256(b)));
      }
      for (byte[] b : dead) {
        assertFalse(store.contains(Digest.sha256(b)));
      }
      assertEquals(0, store.compact(liveDigests::contains), "nothing left to reclaim");
      store.put(body(2000, 999));
    }
    FileTrees.delete(dir.resolve(Recovery.INDEX_DIR));
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 20_000)) {
      assertEquals(11, store.stats().records(), "dead bodies do not come back in a rebuild");
      for (byte[] b : live) {
        assertEquals(BodyCheck.OK, store.verify(Digest.sha256(b)));
      }
    }
  }

  @Test
  void compactionLeavesTheSegmentOfALiveWriterAlone(@TempDir Path dir) throws IOException {
    try (SegmentBodyStore writer = SegmentBodyStore.open(dir);
        SegmentBodyStore other = SegmentBodyStore.open(dir)) {
      Digest d = writer.put(body(1000, 200)).digest();
      assertEquals(0, other.compact(x -> false));
      assertEquals(BodyCheck.OK, other.verify(d));
    }
  }
}
