package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
}
