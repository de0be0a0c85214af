package dev.msgstore.commands.bench;

import dev.msgstore.commands.journal.JournalCommand;
import dev.msgstore.commands.journal.JournalFilter;
import dev.msgstore.journal.CommitFrames;
import dev.msgstore.journal.Journal;
import dev.msgstore.projections.AuditQuery;
import dev.msgstore.projections.AuditReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.lmdbjava.Stat;

/**
 * The audit index at scale: journals of generated commits ({@link AuditJournal}), each caught up
 * once (the index is built as the projections are), then a filter that matches 100 commits ({@code
 * --user needle}) answered by a fresh JVM's first query, the same through the journal scan, and the
 * index's size on disk.
 */
final class AuditBench {
  static final int USERS = 100_000;
  static final int NEEDLE_COMMITS = 100;

  private AuditBench() {}

  static void run(PrintWriter out, Path scratch, long[] sizes, long scanUpTo) throws Exception {
    for (long commits : sizes) {
      Path root = scratch.resolve("audit-" + commits);
      Store.open(root).close();
      long start = System.nanoTime();
      try (Journal j = Journal.open(StoreLayout.journal(root))) {
        new AuditJournal(18, USERS).write(j, commits, NEEDLE_COMMITS);
      }
      double generated = (System.nanoTime() - start) / 1e9;
      long indexBytes;
      long indexEntries;
      double cpu0 = ProcessCpu.available() ? ProcessCpu.seconds(ProcessHandle.current().pid()) : 0;
      start = System.nanoTime();
      try (Store s = Store.open(root)) {
        s.read().close();
        double caughtUp = (System.nanoTime() - start) / 1e9;
        double cpu =
            ProcessCpu.available()
                ? ProcessCpu.seconds(ProcessHandle.current().pid()) - cpu0
                : Double.NaN;
        cpu0 = ProcessCpu.available() ? ProcessCpu.seconds(ProcessHandle.current().pid()) : 0;
        long t0 = System.nanoTime();
        s.projections().catchUpAudit(s.journal());
        double indexed = (System.nanoTime() - t0) / 1e9;
        double indexCpu =
            ProcessCpu.available()
                ? ProcessCpu.seconds(ProcessHandle.current().pid()) - cpu0
                : Double.NaN;
        indexBytes = 0;
        indexEntries = 0;
        for (Map.Entry<String, Stat> t : s.projections().tableStats().entrySet()) {
          if (t.getKey().startsWith("audit.")) {
            Stat st = t.getValue();
            indexBytes += (st.branchPages + st.leafPages + st.overflowPages) * (long) st.pageSize;
            indexEntries += st.entries;
          }
        }
        out.printf(
            "audit %,d commits: generated in %.1f s (%.0f commits/s); projections built in %.1f s"
                + " wall, %.1f s CPU; the audit index caught up in %.1f s wall, %.1f s CPU"
                + " (%.1f µs CPU a commit)%n",
            commits,
            generated,
            commits / generated,
            caughtUp,
            cpu,
            indexed,
            indexCpu,
            indexCpu * 1e6 / commits);
        out.printf(
            "  index: %,d entries, %.1f MB on disk (%.1f bytes/commit)%n",
            indexEntries, indexBytes / 1e6, (double) indexBytes / commits);
        if (commits <= scanUpTo) {
          long t = System.nanoTime();
          long[] n = {0};
          JournalCommand.scan(s.journal(), needle(), e -> n[0]++, false);
          out.printf(
              "  the same filter by a scan of every commit: %d commits in %.0f ms%n",
              n[0], (System.nanoTime() - t) / 1e6);
        }
      }
      // the verb as an administrator runs it, in a JVM of its own (the launcher's flags and
      // class-data cache for brief verbs); it times itself from inside, after its last line
      Path timing = Files.createTempFile("msgstore-audit-timing", ".txt");
      try {
        FreshJvm.Run r =
            FreshJvm.runOkWithProperty(
                JournalCommand.TIMING,
                timing.toString(),
                "journal",
                "--user",
                AuditJournal.NEEDLE,
                "--store",
                root.toString());
        long shown =
            r.output().lines().filter(l -> l.contains("user/" + AuditJournal.NEEDLE)).count();
        out.printf(
            "  fresh JVM, first query (journal --user %s): %d commits in %s; the whole process"
                + " %.0f ms wall, %.0f ms CPU%n",
            AuditJournal.NEEDLE,
            shown,
            Files.readString(timing).strip(),
            r.wallSeconds() * 1e3,
            r.cpuSeconds() * 1e3);
      } finally {
        Files.deleteIfExists(timing);
      }
      out.flush();
    }
  }

  static JournalFilter needle() {
    return new JournalFilter(null, null, null, null, AuditJournal.NEEDLE, null);
  }

  /**
   * In a fresh JVM (bench --probe-audit): the needle's commits through the audit index alone, each
   * part timed (a diagnosis beside the verb's own timing).
   */
  static String probe(Path root) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long[] n = {0};
    long[] candidates = {0};
    double opened;
    double found;
    Path journalDir = StoreLayout.journal(root);
    java.util.Optional<AuditReader> current =
        AuditReader.openCurrent(StoreLayout.projections(root), journalDir);
    if (current.isEmpty()) {
      return "the audit index does not answer for the whole journal: journal opens the store";
    }
    try (AuditReader r = current.get();
        CommitFrames frames = new CommitFrames(journalDir)) {
      opened = (System.nanoTime() - start) / 1e6;
      AuditQuery q = new AuditQuery(null, null, null, null, AuditJournal.NEEDLE, null);
      r.candidates(q, (i, p) -> ++candidates[0] > 0);
      found = (System.nanoTime() - start) / 1e6;
      r.candidates(q, (i, p) -> frames.read(i, p) != null && ++n[0] > 0);
    }
    double total = (System.nanoTime() - start) / 1e6;
    return String.format(
        "%d commits in %.1f ms (index opened %.1f ms, %d entries found %.1f ms, commits read"
            + " %.1f ms)",
        n[0], total, opened, candidates[0], found - opened, total - found);
  }
}
