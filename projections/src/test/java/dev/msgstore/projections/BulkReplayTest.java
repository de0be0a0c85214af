package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalCursor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay into empty projections holds its writes and writes them sorted (see {@code Table}): the
 * projections it makes must equal those of the live path, which writes each commit as it comes, in
 * its own transaction. Random events over a few mailboxes (appends, flags, expunges, restores,
 * purges, renames, deletions, ACLs, quotas, subscriptions, options), so that held writes are read
 * back, overwritten, deleted, and written both after and among what a flush wrote before.
 */
class BulkReplayTest {
  static final Author TEST = Author.of("test", "BulkReplayTest");

  @TempDir Path dir;

  @Test
  void heldAndSortedWritesGiveTheLivePathsProjections() throws IOException {
    Path journalDir = dir.resolve("journal");
    int events = RandomJournal.write(journalDir, TEST, new Random(20261203));
    try (Journal j = Journal.open(journalDir)) {
      String live = liveReplay(j, dir.resolve("live"));
      assertTrue(live.length() > 10_000, "the replay made projections: " + live.length());
      for (long holdLimit : new long[] {1, 4_096, 1L << 30}) {
        for (boolean aside : new boolean[] {false, true}) {
          try (Projections p = Projections.open(dir.resolve("held-" + holdLimit + "-" + aside))) {
            if (aside) { // tables sorted on a second thread, into what earlier flushes wrote
              p.parallelSortEntries = 0;
            }
            try (ProjectionWriter w = p.beginWrite(holdLimit)) {
              assertTrue(w.holdsWrites());
              assertEquals(events, applyAll(j, w));
              w.commit();
            }
            assertEquals(
                live,
                dump(p),
                "held writes, at most " + holdLimit + " bytes at a time, sorted aside: " + aside);
          }
        }
      }
      try (Projections p = Projections.open(dir.resolve("caught-up"))) {
        p.catchUp(j);
        assertEquals(live, dump(p), "catching up empty projections");
        p.rebuild(j, n -> {});
        assertEquals(live, dump(p), "rebuilding them in place");
      }
      try (Projections p = Projections.open(dir.resolve("sorted-aside"))) {
        p.parallelSortEntries = 0; // a second thread sorts tables while this one writes others
        p.catchUp(j);
        assertEquals(live, dump(p), "catching up, tables sorted on a second thread");
        p.rebuild(j, n -> {});
        assertEquals(live, dump(p), "rebuilding, tables sorted on a second thread");
      }
    }
  }

  /** One transaction per commit, none holding its writes: the live path's. */
  private static String liveReplay(Journal j, Path dir) throws IOException {
    try (Projections p = Projections.open(dir);
        JournalCursor c = j.cursor()) {
      c.seekAfter(Journal.NO_INDEX);
      for (Commit commit = c.next(); commit != null; commit = c.next()) {
        try (ProjectionWriter w = p.beginWrite(0)) {
          assertTrue(!w.holdsWrites());
          w.apply(commit);
          w.commit();
        }
      }
      return dump(p);
    }
  }

  private static long applyAll(Journal j, ProjectionWriter w) {
    try (JournalCursor c = j.cursor()) {
      c.seekAfter(Journal.NO_INDEX);
      for (Commit commit = c.next(); commit != null; commit = c.next()) {
        w.apply(commit);
      }
    }
    return w.eventsApplied();
  }

  private static String dump(Projections p) throws IOException {
    StringBuilder out = new StringBuilder();
    p.dump(out);
    return out.toString();
  }
}
