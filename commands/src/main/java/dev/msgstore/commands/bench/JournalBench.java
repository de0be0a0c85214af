package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.Projections;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Journal appends (single events and batches) and replay into empty projections. */
final class JournalBench {
  static final Author BENCH = Author.of("bench", "msgstore bench");
  static final Digest DIGEST =
      Digest.parse("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  record Figures(
      long singleCommits,
      double singleSeconds,
      long singleSyncs,
      long batchEvents,
      int batchSize,
      double batchSeconds,
      long replayEvents,
      double replaySeconds) {}

  /** Single-event commits from {@code writers} threads, each durable before the next. */
  static double[] appendSingles(Path dir, int commits, int writers) throws Exception {
    try (Journal j = Journal.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      long start = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = writer; i < commits; i += writers) {
                    j.append(
                        BENCH,
                        List.of(
                            new MessageEvent.FlagsStored(
                                1 + i % 1000, i, Set.of(SystemFlag.SEEN), List.of())));
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      return new double[] {seconds, j.syncCount()};
    }
  }

  /**
   * Writes {@code users} INBOX creations, then {@code events} appends in commits of {@code batch}
   * events, spread over the users. Returns the seconds the appends took.
   */
  static double appendBatches(Path dir, int users, long events, int batch) {
    try (Journal j = Journal.open(dir)) {
      List<Event> creations = new ArrayList<>();
      for (int u = 1; u <= users; u++) {
        creations.add(new MailboxEvent.Created(u, "user/u" + u + "/INBOX", "primary", 1));
      }
      j.append(BENCH, creations);
      long[] nextUid = new long[users + 1];
      long start = System.nanoTime();
      List<Event> commit = new ArrayList<>(batch);
      for (long i = 0; i < events; i++) {
        int user = 1 + (int) (i % users);
        commit.add(
            new MessageEvent.Appended(
                user,
                ++nextUid[user],
                DIGEST,
                5120,
                700,
                1_795_860_000_000L + i,
                1_795_860_000_000L,
                Set.of(),
                List.of(),
                "<" + i + "@bench>",
                // what a real append records since message.appended v2 (From, To, Subject)
                new MessageEvent.Summary("bench@example.com", "u" + user, "bench " + i)));
        if (commit.size() == batch) {
          j.append(BENCH, commit);
          commit.clear();
        }
      }
      if (!commit.isEmpty()) {
        j.append(BENCH, commit);
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /**
   * Replays the whole journal into empty projections; returns the seconds it took, the CPU seconds
   * of the replaying thread (this one: the replay runs on the caller's thread), which the other
   * processes on a busy machine do not inflate as they do the wall time, and the process's CPU
   * seconds meanwhile (the replay's and the garbage collector's and compiler's threads).
   */
  static double[] replay(Path journalDir, Path projectionsDir) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Journal j = Journal.open(journalDir);
        Projections p = Projections.open(projectionsDir)) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long processStart = os.getProcessCpuTime();
      p.catchUp(j);
      return new double[] {
        (System.nanoTime() - start) / 1e9,
        (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9,
        (os.getProcessCpuTime() - processStart) / 1e9
      };
    }
  }
}
