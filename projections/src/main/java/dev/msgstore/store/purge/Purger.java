package dev.msgstore.store.purge;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.ForgetVaulted;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.vault.VaultRetention;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A purge pass (impurge, the purge component): every message expunged longer ago than {@code
 * store.cleanupage} hours is purged, one commit per mailbox ({@code message.purged}), then each
 * partition's body segments are compacted, keeping only bodies a live or still restorable message
 * names. Messages in the vault of deleted mail longer than {@code store.vault.retention} days are
 * forgotten first, and the bodies of the others are kept. The caller holds the {@link PurgeLock}. A
 * dry run decides the purges and reclaims nothing.
 */
public final class Purger {
  public static final String AGE_OPTION = "store.cleanupage";

  private final Store store;
  private final Author author;
  private final Clock clock;
  private final Consumer<String> debug;

  /** {@code debug} receives a line per step (impurge {@code -d}); a no-op otherwise. */
  public Purger(Store store, Author author, Clock clock, Consumer<String> debug) {
    this.store = store;
    this.author = author;
    this.clock = clock;
    this.debug = debug;
  }

  public PurgeReport pass() throws IOException {
    store.refresh();
    long ageMicros = TimeUnit.HOURS.toMicros(ageHours());
    long nowMicros = TimeUnit.MILLISECONDS.toMicros(clock.millis());
    long cutoff = nowMicros - ageMicros + 1; // expunged at or before now - age
    Map<String, long[]> due = new TreeMap<>();
    long[] left = {0, Long.MAX_VALUE};
    try (ProjectionReader r = store.read()) {
      r.forEachExpunged(
          x -> {
            if (x.expungedMicros() < cutoff) {
              r.mailbox(x.message().mailboxId())
                  .map(MailboxRecord::name)
                  .ifPresent(n -> due.computeIfAbsent(n, k -> new long[1])[0]++);
            } else {
              left[0]++;
              left[1] = Math.min(left[1], x.expungedMicros() + ageMicros);
            }
            return true;
          });
    }
    debug.accept(
        "purge: " + due.size() + " mailboxes hold messages expunged over " + ageHours() + "h ago");
    List<PurgeReport.MailboxPurged> purged = new ArrayList<>();
    for (String mailbox : due.keySet()) {
      Outcome o;
      try {
        o = store.execute(author, new Purge(mailbox, cutoff));
      } catch (Rejected gone) {
        if (gone.kind() == Rejected.Kind.NOT_FOUND) {
          continue; // deleted meanwhile: its messages went with it
        }
        throw gone;
      }
      long n = o.eventsOf(MessageEvent.Purged.class).stream().mapToLong(e -> e.uids().size()).sum();
      if (n > 0) {
        debug.accept("purge: " + mailbox + ": " + n + " messages purged");
        purged.add(new PurgeReport.MailboxPurged(mailbox, n));
      }
    }
    long keepFrom = VaultRetention.keepFromMicros(store, clock.millis());
    forgetVaulted(keepFrom);
    List<PurgeReport.Reclaimed> reclaimed = new ArrayList<>();
    if (!store.isDryRun()) {
      for (String partition : store.partitions().paths().keySet()) {
        reclaimed.add(compact(partition, keepFrom));
      }
    }
    return new PurgeReport(purged, reclaimed, left[0], left[0] == 0 ? 0 : left[1]);
  }

  /**
   * Forgets the vaulted messages (purged, or of deleted mailboxes) that entered the vault before
   * {@code keepFromMicros} ({@code store.vault.retention} days ago), one commit per mailbox id:
   * undelete no longer lists them and their bodies go at the compaction that follows.
   */
  private void forgetVaulted(long keepFromMicros) {
    Map<Long, long[]> due = new TreeMap<>();
    try (ProjectionReader r = store.read()) {
      r.forEachVaulted(
          v -> {
            if (v.vaultedMicros() < keepFromMicros) {
              due.computeIfAbsent(v.message().mailboxId(), k -> new long[1])[0]++;
            }
            return true;
          });
    }
    long forgotten = 0;
    for (long mailboxId : due.keySet()) {
      Outcome o = store.execute(author, new ForgetVaulted(mailboxId, keepFromMicros));
      forgotten +=
          o.eventsOf(MessageEvent.Forgotten.class).stream().mapToLong(e -> e.uids().size()).sum();
    }
    if (forgotten > 0) {
      debug.accept(
          "purge: "
              + forgotten
              + " deleted messages forgotten (in the vault over "
              + VaultRetention.days(store)
              + " days)");
    }
  }

  private PurgeReport.Reclaimed compact(String partition, long keepFromMicros) throws IOException {
    BodyStore bodies = store.bodies(partition);
    if (!(bodies instanceof SegmentBodyStore segments)) {
      return new PurgeReport.Reclaimed(partition, 0, 0, 0, 0);
    }
    long diskBefore = segments.segmentBytes();
    long bodiesBefore = segments.stats().records();
    LiveBodies live = LiveBodies.of(store, author, partition, keepFromMicros);
    debug.accept(
        "purge: partition "
            + partition
            + ": "
            + bodiesBefore
            + " bodies stored, "
            + live.namedCount()
            + " named by messages; compacting");
    segments.compact(live);
    long diskAfter = segments.segmentBytes();
    long bodiesAfter = segments.stats().records();
    debug.accept(
        "purge: partition "
            + partition
            + ": "
            + (bodiesBefore - bodiesAfter)
            + " bodies dropped, "
            + (diskBefore - diskAfter)
            + " bytes reclaimed");
    return new PurgeReport.Reclaimed(partition, diskBefore, diskAfter, bodiesBefore, bodiesAfter);
  }

  /** {@code store.cleanupage}: hours an expunged message stays restorable (0: purge at once). */
  public long ageHours() {
    String v = store.config().value(AGE_OPTION).orElse("0").strip();
    try {
      return v.isEmpty() ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Rejected.invalid(AGE_OPTION + " is not a number of hours: " + v);
    }
  }
}
