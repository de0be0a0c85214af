package dev.msgstore.commands.impurge;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.Store;
import dev.msgstore.store.purge.PurgeLock;
import dev.msgstore.store.purge.PurgeReport;
import dev.msgstore.store.purge.Purger;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code impurge} (Table 71-13): purges messages expunged longer ago than {@code store.cleanupage}
 * hours and reclaims their body space ({@link Purger}), under the purge session lock. Without
 * {@code -e} it keeps going, purging messages as they come due, until {@code -r} hours have passed
 * (or it is stopped). Its {@link #result()} is the {@link PurgeReport} of each pass.
 */
@Command(
    name = "impurge",
    footer = "%nReference: Table 71-13, impurge Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Purge messages expunged longer ago than store.cleanupage hours, one commit per mailbox,"
          + " and reclaim the space of bodies no live or restorable message names by compacting"
          + " the body segments.",
      "One purge runs at a time (the daemon's purge component included). Output: one line per"
          + " pass, 'impurge: purged M messages in N mailboxes; reclaimed B bytes (segments X ->"
          + " Y bytes)'; -d adds a line per step on stderr."
    })
public final class ImpurgeCommand implements Callable<Integer>, ResultVerb {
  /** The longest a continuous run sleeps before looking again (messages are expunged any time). */
  static final long POLL_MILLIS = 60_000;

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(names = "-d", description = "Debug mode.")
  boolean debug;

  @Option(names = "-e", description = "Exit when the work queue is empty.")
  boolean exitWhenEmpty;

  @Option(
      names = "-r",
      paramLabel = "hours",
      description = "Exit after the specified number of hours (hours must be larger than 0).")
  Double hours;

  private final List<PurgeReport> passes = new ArrayList<>();

  @Override
  public List<PurgeReport> result() {
    return passes;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (hours != null && !(hours > 0)) {
      throw VerbFailure.usage("-r: hours must be larger than 0");
    }
    CliContext ctx = root.context();
    Clock clock = Clock.systemUTC();
    long deadline =
        hours == null
            ? Long.MAX_VALUE
            : clock.millis() + (long) (hours * TimeUnit.HOURS.toMillis(1));
    try (Store s = ctx.openStore(store.resolve(ctx), StoreUse.REPAIRS)) {
      PurgeLock lock = lock(s);
      try {
        run(s, ctx, clock, deadline);
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }
    return 0;
  }

  private void run(Store s, CliContext ctx, Clock clock, long deadline)
      throws IOException, InterruptedException {
    PrintWriter out = ctx.out();
    PrintWriter err = ctx.err();
    Purger purger =
        new Purger(
            s,
            ctx.author(),
            clock,
            debug
                ? line -> {
                  err.println(line);
                  err.flush();
                }
                : line -> {});
    while (true) {
      PurgeReport r = purger.pass();
      passes.add(r);
      out.println(line(r));
      out.flush();
      if (exitWhenEmpty || clock.millis() >= deadline) {
        return;
      }
      long wake = Math.min(deadline, clock.millis() + POLL_MILLIS);
      if (r.nextDueMicros() > 0) {
        wake = Math.min(wake, TimeUnit.MICROSECONDS.toMillis(r.nextDueMicros()) + 1);
      }
      Thread.sleep(Math.max(1, wake - clock.millis()));
    }
  }

  private static PurgeLock lock(Store s) {
    if (s.isDryRun()) {
      return null; // a dry run writes nothing: it need not keep a purge out
    }
    try {
      return PurgeLock.take(s.root());
    } catch (PurgeLock.Busy busy) {
      throw new VerbFailure(ExitCodes.TEMPORARY, busy.getMessage());
    }
  }

  static String line(PurgeReport r) {
    long before = r.partitions().stream().mapToLong(PurgeReport.Reclaimed::diskBefore).sum();
    long after = r.partitions().stream().mapToLong(PurgeReport.Reclaimed::diskAfter).sum();
    return String.format(
        "impurge: purged %d messages in %d mailboxes; reclaimed %d bytes (segments %d -> %d"
            + " bytes)",
        r.messages(), r.mailboxes().size(), r.reclaimedBytes(), before, after);
  }
}
