package dev.msgstore.journal.body;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link BodyStore} must do. Implementations run it through a short subclass. */
interface BodyStoreContract {

  /** A new, empty store kept in {@code dir}. */
  BodyStore create(Path dir) throws IOException;

  static byte[] body(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] readAll(BodyStore store, Digest d) throws IOException {
    try (InputStream in = store.open(d)) {
      return in.readAllBytes();
    }
  }

  @Test
  default void putThenOpenReturnsTheSameBytesUnderTheirDigest(@TempDir Path dir)
      throws IOException {
    try (BodyStore store = create(dir)) {
      byte[] content = "From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n".getBytes(UTF_8);
      StoredBody stored = store.put(content);
      assertEquals(Digest.sha256(content), stored.digest());
      assertEquals(content.length, stored.size());
      assertFalse(stored.deduplicated());
      assertTrue(store.contains(stored.digest()));
      assertEquals(OptionalLong.of(content.length), store.size(stored.digest()));
      assertArrayEquals(content, readAll(store, stored.digest()));
      assertEquals(BodyCheck.OK, store.verify(stored.digest()));
    }
  }

  @Test
  default void streamsOfEverySizeRoundTrip(@TempDir Path dir) throws IOException {
    try (BodyStore store = create(dir)) {
      for (int size : new int[] {0, 1, 8191, 1 << 20, (1 << 20) + 1, 3 << 20}) {
        byte[] content = body(size, size);
        StoredBody stored = store.put(new ByteArrayInputStream(content));
        assertEquals(Digest.sha256(content), stored.digest(), "size " + size);
        assertEquals(size, stored.size());
        assertArrayEquals(content, readAll(store, stored.digest()), "size " + size);
      }
    }
  }

  @Test
  default void stagedBodiesAreReadableOnceDurable(@TempDir Path dir) throws IOException {
    try (BodyStore store = create(dir)) {
      List<StagedBody> staged = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        staged.add(store.stage(new ByteArrayInputStream(body(3000 + i, i))));
      }
      StagedBody again = store.stage(new ByteArrayInputStream(body(3005, 5)));
      assertEquals(staged.get(5).body().digest(), again.body().digest());
      assertTrue(again.body().deduplicated(), "staging what is being staged stores it once");
      for (int i = 0; i < staged.size(); i++) {
        StagedBody s = staged.get(i);
        s.awaitDurable();
        assertTrue(store.contains(s.body().digest()));
        assertArrayEquals(body(3000 + i, i), readAll(store, s.body().digest()));
        assertEquals(BodyCheck.OK, store.verify(s.body().digest()));
      }
      again.awaitDurable();
    }
  }

  @Test
  default void restoreWritesANewRecordEvenWhenTheDigestIsKnown(@TempDir Path dir)
      throws IOException {
    try (BodyStore store = create(dir)) {
      byte[] content = body(5000, 77);
      StoredBody first = store.put(content);
      StoredBody again = store.restore(new ByteArrayInputStream(content));
      assertEquals(first.digest(), again.digest());
      assertFalse(again.deduplicated(), "restore stores a fresh record");
      assertArrayEquals(content, readAll(store, first.digest()));
      assertEquals(BodyCheck.OK, store.verify(first.digest()));
    }
  }

  @Test
  default void theSameContentIsStoredOnce(@TempDir Path dir) throws IOException {
    try (BodyStore store = create(dir)) {
      byte[] content = body(5000, 1);
      StoredBody first = store.put(content);
      StoredBody second = store.put(new ByteArrayInputStream(content));
      assertFalse(first.deduplicated());
      assertTrue(second.deduplicated());
      assertEquals(first.digest(), second.digest());
      BodyStoreStats stats = store.stats();
      assertEquals(1, stats.records());
      assertEquals(5000, stats.bytes());
    }
  }

  @Test
  default void anAbsentBodyIsReportedAsSuch(@TempDir Path dir) throws IOException {
    try (BodyStore store = create(dir)) {
      Digest absent = Digest.sha256("never stored".getBytes(UTF_8));
      assertFalse(store.contains(absent));
      assertEquals(OptionalLong.empty(), store.size(absent));
      assertEquals(BodyCheck.MISSING, store.verify(absent));
      NoSuchBodyException e = assertThrows(NoSuchBodyException.class, () -> store.open(absent));
      assertEquals(absent, e.digest());
    }
  }

  @Test
  default void concurrentPutsAreAllReadable(@TempDir Path dir) throws Exception {
    try (BodyStore store = create(dir)) {
      int threads = 32;
      int perThread = 10;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<StoredBody>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          results.add(
              pool.submit(
                  () -> {
                    List<StoredBody> out = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                      // every thread also stores one body all the others store too
                      long seed = i == 0 ? -1 : thread * 1000L + i;
                      out.add(store.put(body(100 + (int) (seed & 0xFFF), seed)));
                    }
                    return out;
                  }));
        }
        Set<Digest> distinct = ConcurrentHashMap.newKeySet();
        for (Future<List<StoredBody>> f : results) {
          for (StoredBody b : f.get()) {
            distinct.add(b.digest());
            assertEquals(b.size(), readAll(store, b.digest()).length);
            assertEquals(BodyCheck.OK, store.verify(b.digest()));
          }
        }
        assertEquals(threads * (perThread - 1) + 1, distinct.size());
        assertEquals(distinct.size(), store.stats().records());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  default void aBodyOf120MegabytesIsStreamedNotHeldInHeap(@TempDir Path dir) throws IOException {
    long size = 120L << 20;
    Digest expected = GeneratedInputStream.digestOf(size, 42);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (BodyStore store = create(dir)) {
      long before = threads.getCurrentThreadAllocatedBytes();
      StoredBody stored = store.put(new GeneratedInputStream(size, 42));
      long putAllocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertEquals(expected, stored.digest());
      assertEquals(size, stored.size());

      before = threads.getCurrentThreadAllocatedBytes();
      MessageDigest sha = Digest.newSha256();
      long read = 0;
      try (InputStream in = store.open(stored.digest())) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
          sha.update(buf, 0, n);
          read += n;
        }
      }
      long readAllocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertEquals(size, read);
      assertEquals(expected, Digest.of(sha.digest()));
      assertTrue(putAllocated < 16 << 20, "put allocated " + putAllocated + " bytes");
      assertTrue(readAllocated < 16 << 20, "open allocated " + readAllocated + " bytes");
      assertEquals(BodyCheck.OK, store.verify(stored.digest()));
    }
  }

  @Test
  default void forEachBodyVisitsEveryBodyInDigestOrder(@TempDir Path dir) throws IOException {
    try (BodyStore store = create(dir)) {
      Set<Digest> stored = new java.util.HashSet<>();
      for (int i = 0; i < 2100; i++) { // more than one chunk of the index
        stored.add(store.put(("body " + i).getBytes(UTF_8)).digest());
      }
      List<StoredBody> seen = new ArrayList<>();
      store.forEachBody(seen::add);
      assertEquals(stored.size(), seen.size());
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i - 1).digest().compareTo(seen.get(i).digest()) < 0);
      }
      assertEquals(stored, new java.util.HashSet<>(seen.stream().map(StoredBody::digest).toList()));
      for (StoredBody b : seen) {
        assertEquals(store.size(b.digest()).getAsLong(), b.size());
      }
    }
  }
}
