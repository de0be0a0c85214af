package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.purge.PurgeLock;
import dev.msgstore.store.purge.PurgeReport;
import dev.msgstore.store.purge.Purger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code bench --only purge}: a store of N messages, each with its own body (1 KiB), 30% of them
 * expunged; one purge pass (impurge -e) purges them and compacts the segments. Reports bytes
 * reclaimed per second of the pass (wall and process CPU) and the segments' size before and after.
 */
final class PurgeBench {
  static final int BODY = 1024;
  static final int MAILBOXES = 1000;

  private PurgeBench() {}

  static void run(PrintWriter out, Path root, long messages) throws IOException {
    out.printf(
        "purge: %,d messages of %d bytes, each its own body, 30%% expunged, one impurge pass%n",
        messages, BODY);
    out.flush();
    Author a = Author.of("bench", "msgstore bench purge");
    long build = System.nanoTime();
    try (Store s = Store.open(root)) {
      for (int m = 1; m <= MAILBOXES; m++) {
        s.execute(a, new CreateMailbox("user/u" + m + "/INBOX", null));
      }
      long[] nextUid = new long[MAILBOXES + 1];
      List<Event> commit = new ArrayList<>(1000);
      List<StagedBody> staged = new ArrayList<>(1000);
      List<List<Long>> doomed = new ArrayList<>();
      for (int m = 0; m <= MAILBOXES; m++) {
        doomed.add(new ArrayList<>());
      }
      for (long i = 0; i < messages; i++) {
        int mailbox = 1 + (int) (i % MAILBOXES);
        byte[] body = BodySizes.message(BODY, "u" + mailbox, i);
        StagedBody b = s.bodies("primary").stage(new ByteArrayInputStream(body));
        staged.add(b);
        long uid = ++nextUid[mailbox];
        commit.add(
            new MessageEvent.Appended(
                mailbox,
                uid,
                b.body().digest(),
                b.body().size(),
                160,
                1_795_860_000_000L + i,
                1_795_860_000_000L,
                Set.of(),
                List.of(),
                "<" + i + "@purge>"));
        if ((i / MAILBOXES) % 10 < 3) {
          doomed.get(mailbox).add(uid);
        }
        if (commit.size() == 1000) {
          flush(s, a, staged, commit);
        }
      }
      flush(s, a, staged, commit);
      for (int m = 1; m <= MAILBOXES; m++) {
        if (!doomed.get(m).isEmpty()) {
          commit.add(new MessageEvent.Expunged(m, doomed.get(m)));
        }
        if (commit.size() == 100) {
          s.journal().append(a, commit);
          commit.clear();
        }
      }
      if (!commit.isEmpty()) {
        s.journal().append(a, commit);
      }
      s.refresh();
    }
    out.printf("  built in %.1f s%n", (System.nanoTime() - build) / 1e9);
    out.flush();
    try (Store s = Store.open(root)) {
      PurgeLock lock = PurgeLock.take(root);
      SegmentBodyStore segments = (SegmentBodyStore) s.bodies("primary");
      long before = segments.segmentBytes();
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      PurgeReport r = new Purger(s, a, Clock.systemUTC(), l -> {}).pass();
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      long after = segments.segmentBytes();
      out.printf(
          "  purged %,d messages in %,d mailboxes; segments %,d -> %,d bytes (%,d reclaimed, %.1f%%)%n",
          r.messages(),
          r.mailboxes().size(),
          before,
          after,
          before - after,
          100.0 * (before - after) / Math.max(1, before));
      out.printf(
          "  pass: %.2f s wall, %.2f s process CPU: %.1f MB reclaimed/s wall, %.1f MB/s per CPU second%n",
          wall, cpu, (before - after) / 1e6 / wall, (before - after) / 1e6 / Math.max(cpu, 1e-9));
      lock.close();
    }
    out.flush();
  }

  private static void flush(Store s, Author a, List<StagedBody> staged, List<Event> commit)
      throws IOException {
    for (StagedBody b : staged) {
      b.awaitDurable(); // the first fsyncs every body staged so far
    }
    staged.clear();
    if (!commit.isEmpty()) {
      s.journal().append(a, commit);
      commit.clear();
    }
  }
}
