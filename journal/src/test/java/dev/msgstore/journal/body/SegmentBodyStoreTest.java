package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.BodyStoreContract.body;
import static dev.msgstore.journal.body.BodyStoreContract.readAll;
import static dev.msgstore.journal.body.TestSegments.diskBytes;
import static dev.msgstore.journal.body.TestSegments.liveBytes;
import static dev.msgstore.journal.body.TestSegments.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentBodyStoreTest implements BodyStoreContract {

  @Override
  public BodyStore create(Path dir) throws IOException {
    return SegmentBodyStore.open(dir.resolve("bodies"));
  }

  @Test
  void concurrentPutsShareFsyncs(@TempDir Path dir) throws Exception {
    int threads = 32;
    int perThread = 20;
    long expected = threads * perThread * Frame.frameBytes(200) + perThread * Frame.frameBytes(300);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      store.put(body(200, thread * 100L + i));
                      store.put(body(300, -i)); // the same bodies from every thread at once
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      int puts = 2 * threads * perThread;
      int distinct = threads * perThread + perThread;
      assertEquals(distinct, store.stats().records());
      assertEquals(expected, liveBytes(dir), "no body was appended twice");
      assertTrue(store.fsyncCount() < puts, store.fsyncCount() + " fsyncs for " + puts + " puts");
    }
    assertEquals(expected, diskBytes(dir), "closing cut the preallocated zeros");
  }

  /**
   * A group commit's leader runs each follower's continuation itself ({@link
   * StagedBody#awaitDurable(Runnable)}) instead of waking the follower to run it: the follower is
   * then woken once, by what the continuation started (here, the continuation's own unpark). Every
   * continuation runs exactly once, only once its body is durable.
   */
  @Test
  void theLeaderRunsFollowersContinuationsInsteadOfWakingThem(@TempDir Path dir) throws Exception {
    int threads = 8;
    int perThread = 40;
    AtomicInteger handedOn = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger ranTwice = new AtomicInteger();
    AtomicInteger notDurable = new AtomicInteger();
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    Thread me = Thread.currentThread();
                    for (int i = 0; i < perThread; i++) {
                      StagedBody staged =
                          store.stage(
                              new java.io.ByteArrayInputStream(body(200, thread * 1000L + i)));
                      Digest digest = staged.body().digest();
                      AtomicBoolean once = new AtomicBoolean();
                      staged.awaitDurable(
                          () -> {
                            if (!store.contains(digest)) {
                              notDurable.incrementAndGet();
                            }
                            if (once.getAndSet(true)) {
                              ranTwice.incrementAndGet();
                            }
                            ran.incrementAndGet();
                            if (Thread.currentThread() != me) {
                              handedOn.incrementAndGet();
                              LockSupport.unpark(me); // what the continuation started, done
                            }
                          });
                      while (!once.get()) {
                        LockSupport.park(); // the leader may run it after we return: wait
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      int puts = threads * perThread;
      assertEquals(puts, ran.get(), "every continuation ran");
      assertEquals(0, ranTwice.get(), "no continuation ran twice");
      assertEquals(0, notDurable.get(), "a continuation ran before its body was indexed");
      assertTrue(store.fsyncCount() < puts, store.fsyncCount() + " fsyncs for " + puts + " puts");
      assertTrue(handedOn.get() > 0, "no leader ran a follower's continuation");
    }
  }

  @Test
  void twoStoresOnOneDirectoryWriteTheirOwnSegmentsAndReadEachOther(@TempDir Path dir)
      throws IOException {
    try (SegmentBodyStore a = SegmentBodyStore.open(dir);
        SegmentBodyStore b = SegmentBodyStore.open(dir)) {
      byte[] fromA = body(2222, 21);
      byte[] fromB = body(3333, 22);
      Digest da = a.put(fromA).digest();
      Digest db = b.put(fromB).digest();
      assertEquals(2, segments(dir).size());
      assertArrayEquals(fromB, readAll(a, db));
      assertArrayEquals(fromA, readAll(b, da));
      assertTrue(b.put(fromA).deduplicated());
      // a third store opening now must leave both live segments alone
      try (SegmentBodyStore c = SegmentBodyStore.open(dir)) {
        assertEquals(BodyCheck.OK, c.verify(da));
        assertEquals(BodyCheck.OK, c.verify(db));
      }
      a.put(body(100, 23));
      b.put(body(100, 24));
      assertEquals(4, a.stats().records());
    }
  }

  @Test
  void segmentsRollOverAtTheConfiguredSize(@TempDir Path dir) throws IOException {
    List<Digest> digests = new ArrayList<>();
    try (SegmentBodyStore store = SegmentBodyStore.open(dir, 10_000)) {
      for (int i = 0; i < 20; i++) {
        digests.add(store.put(body(3000, 50 + i)).digest());
      }
      digests.add(store.put(body(25_000, 70)).digest()); // bigger than a segment: one of its own
      for (Path seg : segments(dir)) {
        assertTrue(Files.size(seg) <= 25_000 + 100, seg + " " + Files.size(seg));
      }
      assertTrue(segments(dir).size() >= 8, segments(dir).toString());
      for (Digest d : digests) {
        assertEquals(BodyCheck.OK, store.verify(d));
      }
    }
  }

  @Test
  void bigBodiesAreSpooledToTmpAndTheSpoolFileIsRemoved(@TempDir Path dir) throws IOException {
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      store.put(new GeneratedInputStream(5 << 20, 3));
      try (var files = Files.list(dir.resolve(Recovery.TMP_DIR))) {
        assertEquals(0, files.count());
      }
    }
  }
}
