package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import dev.msgstore.store.restore.PointInTimeRestore;
import dev.msgstore.store.restore.RestoreResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code bench --only restore}: one account of N messages (1 KiB bodies, each its own) in 10
 * folders, delivered over a week, between as many messages to {@value #OTHERS} other accounts
 * (which the restore's replay passes over); in the week after, two folders are deleted, a fifth of
 * the INBOX is expunged, a tenth of the messages flagged, new mail arrives, an ACL and a
 * subscription change. Then the account is restored to the instant a week back ({@code restore
 * --at}). Reports the restore's wall and process CPU (target ≤ 10 s for 100k messages).
 */
final class RestoreBench {
  static final int BODY = 1024;
  static final int FOLDERS = 10;
  static final int OTHERS = 9;

  /** The build's clock: the journal stamps each commit with it, so history spans two weeks. */
  private static final class BuildClock extends Clock {
    Instant now;

    BuildClock(Instant start) {
      now = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private RestoreBench() {}

  static void run(PrintWriter out, Path root, long messages) throws IOException {
    out.printf(
        "restore: an account of %,d messages (%d folders, as many in %d other accounts) restored to"
            + " an instant a week back%n",
        messages, FOLDERS, OTHERS);
    out.flush();
    Author a = Author.of("bench", "msgstore bench restore");
    Instant weekBack = Instant.now().minus(Duration.ofDays(7)).minusSeconds(3600);
    BuildClock clock = new BuildClock(weekBack.minus(Duration.ofDays(7)));
    long build = System.nanoTime();
    long[] ids = new long[FOLDERS];
    long[] uidNext = new long[FOLDERS];
    try (Store s = Store.open(root, clock)) {
      for (int f = 0; f < FOLDERS; f++) {
        s.execute(a, new CreateMailbox(folder(f), null));
      }
      try (ProjectionReader r = s.read()) {
        for (int f = 0; f < FOLDERS; f++) {
          ids[f] = r.mailbox(folder(f)).orElseThrow().id();
        }
      }
      long[] others = new long[OTHERS];
      for (int u = 0; u < OTHERS; u++) {
        String inbox = "user/other" + u + "/INBOX";
        s.execute(a, new CreateMailbox(inbox, null));
        try (ProjectionReader r = s.read()) {
          others[u] = r.mailbox(inbox).orElseThrow().id();
        }
      }
      s.execute(a, new SetAcl(folder(1), "ann", "lrs"));
      s.execute(a, new Subscribe("joe", folder(1), true));
      Duration step = Duration.ofDays(7).dividedBy(Math.max(1, messages / 1000 + 1));
      deliver(s, a, clock, step, ids, uidNext, 0, messages, others);
      clock.now = weekBack;
      // the week after the instant
      Duration day = Duration.ofDays(1);
      clock.now = clock.now.plus(day);
      s.execute(a, new DeleteMailbox(folder(2)));
      s.execute(a, new DeleteMailbox(folder(3)));
      clock.now = clock.now.plus(day);
      List<Long> inbox = new ArrayList<>();
      for (long uid = 1; uid < uidNext[0]; uid += 5) {
        inbox.add(uid);
      }
      s.execute(a, new Expunge(folder(0), inbox));
      clock.now = clock.now.plus(day);
      for (int f = 4; f < FOLDERS; f++) {
        List<Long> flagged = new ArrayList<>();
        for (long uid = 1; uid < uidNext[f]; uid += 10) {
          flagged.add(uid);
        }
        s.execute(
            a,
            new StoreFlags(
                folder(f), flagged, StoreFlags.Mode.ADD, Set.of(SystemFlag.SEEN), List.of()));
      }
      s.execute(a, new SetAcl(folder(1), "ann", ""));
      s.execute(a, new Subscribe("joe", folder(1), false));
      clock.now = clock.now.plus(day);
      deliver(s, a, clock, Duration.ofMinutes(10), ids, uidNext, messages, messages / 50, others);
    }
    out.printf("  built in %.1f s%n", (System.nanoTime() - build) / 1e9);
    out.flush();
    try (Store s = Store.open(root)) {
      s.refresh();
      var os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      RestoreResult r =
          PointInTimeRestore.run(
              s,
              a,
              new PointInTimeRestore.Request(
                  CommitMeta.micros(weekBack), List.of("user/joe"), null),
              line -> {
                if (!line.startsWith("restore: replayed")) {
                  out.println("  " + line);
                }
              });
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      int back = 0;
      int expunged = 0;
      int flags = 0;
      for (var m : r.mailboxes()) {
        back += m.messagesBack();
        expunged += m.expunged();
        flags += m.flagsSetBack();
      }
      out.printf(
          "  %,d commits replayed; %d mailboxes changed: %,d messages back, %,d expunged, %,d"
              + " messages' flags set back; %d lost%n",
          r.commitsReplayed(), r.changed(), back, expunged, flags, r.lost().size());
      out.printf("  restore: %.2f s wall (target ≤ 10 s), %.2f s process CPU%n", wall, cpu);
    }
    out.flush();
  }

  private static String folder(int f) {
    return f == 0 ? "user/joe/INBOX" : "user/joe/folder" + f;
  }

  private static void deliver(
      Store s,
      Author a,
      BuildClock clock,
      Duration step,
      long[] ids,
      long[] uidNext,
      long first,
      long count,
      long[] others)
      throws IOException {
    List<Event> commit = new ArrayList<>(1000);
    List<StagedBody> staged = new ArrayList<>(1000);
    // the other accounts' mail shares one body: the bench measures the replay, not the disk
    StagedBody shared =
        s.bodies("primary").stage(new ByteArrayInputStream(BodySizes.message(BODY, "other", -1)));
    shared.awaitDurable();
    long[] otherUid = new long[others.length];
    for (long i = first; i < first + count; i++) {
      int f = (int) (i % FOLDERS);
      byte[] body = BodySizes.message(BODY, "joe", i);
      StagedBody b = s.bodies("primary").stage(new ByteArrayInputStream(body));
      staged.add(b);
      long uid = ++uidNext[f];
      commit.add(
          new MessageEvent.Appended(
              ids[f],
              uid,
              b.body().digest(),
              b.body().size(),
              160,
              clock.millis(),
              clock.millis(),
              Set.of(),
              List.of(),
              "<" + i + "@restore>"));
      if (commit.size() == 1000) {
        flush(s, a, staged, commit);
        for (int k = 0; k < 1000; k++) {
          int u = k % others.length;
          commit.add(
              new MessageEvent.Appended(
                  others[u],
                  ++otherUid[u],
                  shared.body().digest(),
                  shared.body().size(),
                  160,
                  clock.millis(),
                  clock.millis(),
                  Set.of(),
                  List.of(),
                  "<" + i + "." + k + "@other>"));
        }
        flush(s, a, staged, commit);
        clock.now = clock.now.plus(step);
      }
    }
    flush(s, a, staged, commit);
  }

  private static void flush(Store s, Author a, List<StagedBody> staged, List<Event> commit)
      throws IOException {
    for (StagedBody b : staged) {
      b.awaitDurable();
    }
    staged.clear();
    if (!commit.isEmpty()) {
      s.journal().append(a, commit);
      commit.clear();
    }
  }
}
