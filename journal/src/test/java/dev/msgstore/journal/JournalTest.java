package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  static final Author TESTER = Author.of("tester", "JournalTest");

  @Test
  void appendsAndReplaysCommitsInOrderAcrossReopen() {
    Clock frozen = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);
    try (Journal j = Journal.open(dir, frozen)) {
      assertEquals(Journal.NO_INDEX, j.lastIndex());
      for (int i = 0; i < 10; i++) {
        j.append(TESTER, List.of(new ConfigEvent.OptionSet("o" + i, "", "v" + i)));
      }
    }
    try (Journal j = Journal.open(dir)) {
      List<Commit> all = new ArrayList<>();
      j.replay(Journal.NO_INDEX, all::add);
      assertEquals(10, all.size());
      assertEquals(new ConfigEvent.OptionSet("o3", "", "v3"), all.get(3).events().get(0));
      assertEquals(all.get(9).index(), j.lastIndex());
      List<Commit> tail = new ArrayList<>();
      j.replay(all.get(6).index(), tail::add);
      assertEquals(List.of(all.get(7), all.get(8), all.get(9)), tail);
      List<Commit> early = new ArrayList<>();
      assertEquals(1_000_000_000_000L + 9, all.get(9).meta().timeMicros(), "monotonic times");
      j.replayUntil(1_000_000_000_004L, early::add);
      assertEquals(5, early.size());
    }
  }

  /**
   * An fsync run on an interrupted thread fails there (the cycle file's channel closes on the
   * interrupt), but not every fsync after it: callers run the journal's fsync on their own threads,
   * and one interrupted caller must not leave the journal unable to make anything durable again.
   */
  @Test
  void aSyncOnAnInterruptedThreadFailsThereAndTheNextSyncCoversItsCommits() {
    try (Journal j = Journal.open(dir)) {
      j.append(TESTER, List.of(new ConfigEvent.OptionSet("a", "", "1"))); // its channel is open
      long second = j.write(TESTER, () -> List.of(new ConfigEvent.OptionSet("b", "", "2")));
      Thread.currentThread().interrupt();
      try {
        // It throws because the fsync was tried: a sync that skipped it (the cycle file unknown to
        // the journal) returned normally here, and called the commit durable.
        assertThrows(RuntimeException.class, () -> j.awaitDurable(second));
      } finally {
        Thread.interrupted();
      }
      assertFalse(j.isDurable(second), "the interrupted fsync did not run");
      j.awaitDurable(second);
      assertTrue(j.isDurable(second));
      long third = j.append(TESTER, List.of(new ConfigEvent.OptionSet("c", "", "3")));
      assertTrue(j.isDurable(third));
    }
  }

  /**
   * A cursor told which event types to decode returns every commit, at its index, with only those
   * events; the daemon's tails use it so as not to decode every delivery in full.
   */
  @Test
  void aCursorDecodesOnlyTheEventTypesAsked() {
    try (Journal j = Journal.open(dir)) {
      long first =
          j.append(
              TESTER,
              List.of(
                  new ConfigEvent.OptionSet("a", "", "1"),
                  new MaintenanceEvent.RefreshRequested("imap"),
                  new ConfigEvent.OptionSet("b", "", "2")));
      long second = j.append(TESTER, List.of(new ConfigEvent.OptionSet("c", "", "3")));
      try (JournalCursor c = j.cursor()) {
        c.seekAfter(Journal.NO_INDEX);
        Commit one = c.next(t -> t.type() == MaintenanceEvent.RefreshRequested.class);
        assertEquals(first, one.index());
        assertEquals(List.of(new MaintenanceEvent.RefreshRequested("imap")), one.events());
        Commit two = c.next(t -> false);
        assertEquals(second, two.index());
        assertEquals(List.of(), two.events());
        assertEquals(null, c.next(t -> true));
      }
      try (JournalCursor c = j.cursor()) {
        c.seekAfter(Journal.NO_INDEX);
        assertEquals(3, c.next().events().size(), "unfiltered, every event");
      }
    }
  }

  /** lastIndex sees commits another handle (another process, as far as Chronicle knows) adds. */
  @Test
  void theLastIndexFollowsCommitsWrittenThroughAnotherHandle() {
    try (Journal reader = Journal.open(dir);
        Journal writer = Journal.open(dir)) {
      assertEquals(Journal.NO_INDEX, reader.lastIndex());
      for (int i = 0; i < 5; i++) {
        long at = writer.append(TESTER, List.of(new ConfigEvent.OptionSet("o" + i, "", "v")));
        assertEquals(at, reader.lastIndex());
        assertEquals(at, writer.lastIndex());
      }
    }
  }

  @Test
  void aRejectedDecisionWritesNothing() {
    try (Journal j = Journal.open(dir)) {
      j.append(TESTER, List.of(new MaintenanceEvent.RefreshRequested("*")));
      long before = j.lastIndex();
      assertThrows(
          IllegalArgumentException.class,
          () ->
              j.append(
                  TESTER,
                  () -> {
                    throw new IllegalArgumentException("no such mailbox");
                  }));
      assertEquals(Journal.NO_INDEX, j.append(TESTER, List::of));
      assertEquals(before, j.lastIndex());
      j.append(TESTER, List.of(new MaintenanceEvent.RefreshRequested("imap")));
      List<Event> events = new ArrayList<>();
      j.replay(Journal.NO_INDEX, c -> events.addAll(c.events()));
      assertEquals(
          List.of(
              new MaintenanceEvent.RefreshRequested("*"),
              new MaintenanceEvent.RefreshRequested("imap")),
          events);
    }
  }

  @Test
  void concurrentWritersShareSyncs() throws Exception {
    try (Journal j = Journal.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    j.append(TESTER, List.of(new ConfigEvent.OptionSet("t" + thread, "", "" + i)));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertEquals(1600, j.stats().commits());
      assertTrue(j.syncCount() < 1600, "group commit shared no sync: " + j.syncCount());
    }
  }

  @Test
  void aReadOnlyOpenWritesNothingAndTheFirstWriteAfterItWorks() throws Exception {
    try (Journal j = Journal.open(dir)) {
      for (int i = 0; i < 3; i++) {
        j.append(TESTER, List.of(new ConfigEvent.OptionSet("o" + i, "", "v" + i)));
      }
    }
    Map<String, String> before = cycleFiles(dir);
    long last;
    try (Journal j = Journal.open(dir)) {
      last = j.lastIndex();
      j.replay(Journal.NO_INDEX, c -> {});
      assertEquals(3, j.stats().commits());
      try (JournalCursor c = j.cursor()) {
        c.seekAfter(Journal.NO_INDEX);
        assertTrue(c.next() != null);
      }
    }
    assertEquals(before, cycleFiles(dir), "a journal only read is left byte for byte as it was");

    try (Journal j = Journal.open(dir)) {
      assertEquals(last, j.lastIndex());
      List<Commit> read = new ArrayList<>();
      j.replay(Journal.NO_INDEX, read::add);
      long written = j.append(TESTER, List.of(new ConfigEvent.OptionSet("o3", "", "v3")));
      assertTrue(written > last, "the first write after reads goes after the last commit");
      List<Commit> all = new ArrayList<>();
      j.replay(Journal.NO_INDEX, all::add);
      assertEquals(4, all.size());
      assertEquals(read, all.subList(0, 3));
      assertEquals(new ConfigEvent.OptionSet("o3", "", "v3"), all.get(3).events().get(0));
    }
  }

  @Test
  void aReaderNeitherWaitsForNorTakesTheWriteLockAWriterHolds() throws Exception {
    try (Journal writer = Journal.open(dir)) {
      writer.append(TESTER, List.of(new ConfigEvent.OptionSet("o0", "", "v0")));
      CountDownLatch deciding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        // The writer holds the queue's cross-process write lock while it decides.
        Future<Long> write =
            pool.submit(
                () ->
                    writer.append(
                        TESTER,
                        () -> {
                          deciding.countDown();
                          try {
                            release.await();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return List.of(new ConfigEvent.OptionSet("o1", "", "v1"));
                        }));
        assertTrue(deciding.await(10, TimeUnit.SECONDS));
        Future<Long> read =
            pool.submit(
                () -> {
                  try (Journal reader = Journal.open(dir)) {
                    List<Commit> seen = new ArrayList<>();
                    reader.replay(Journal.NO_INDEX, seen::add);
                    assertEquals(1, seen.size());
                    return reader.lastIndex();
                  }
                });
        // Well inside the lock's 3 s timeout, after which a waiting appender would take it over.
        long seen = read.get(2, TimeUnit.SECONDS);
        release.countDown();
        assertTrue(write.get(10, TimeUnit.SECONDS) > seen);
      } finally {
        release.countDown();
        pool.shutdownNow();
      }
      List<Commit> all = new ArrayList<>();
      writer.replay(Journal.NO_INDEX, all::add);
      assertEquals(2, all.size());
    }
  }

  @Test
  void readingAnEmptyJournalCreatesNoCycleFile() throws Exception {
    try (Journal j = Journal.open(dir)) {
      assertEquals(Journal.NO_INDEX, j.lastIndex());
      j.replay(Journal.NO_INDEX, c -> {});
    }
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(),
          files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).toList());
    }
  }

  /**
   * The journal's cycle files, by name, with a digest of their bytes. (Not metadata.cq4t: that is
   * Chronicle's shared bookkeeping of locks and counters, which every process opening the queue
   * updates.)
   */
  private static Map<String, String> cycleFiles(Path dir)
      throws IOException, NoSuchAlgorithmException {
    Map<String, String> digests = new TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".cq4")).toList()) {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        digests.put(f.getFileName().toString(), HexFormat.of().formatHex(sha));
      }
    }
    return digests;
  }
}
