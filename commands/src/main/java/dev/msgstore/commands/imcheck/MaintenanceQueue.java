package dev.msgstore.commands.imcheck;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code -q}: the maintenance queue. This store queues no cleanups ({@code mboxutil -C} purges at
 * once), so the cleanup queue is always empty; what is pending is the messages expunged and not yet
 * purged, listed per mailbox as the purges still to do.
 */
final class MaintenanceQueue {
  private final ProjectionReader reader;
  private final Stamps stamps;

  MaintenanceQueue(ProjectionReader reader, Stamps stamps) {
    this.reader = reader;
    this.stamps = stamps;
  }

  /** Prints the queue and returns the pending purges, by mailbox name. */
  List<PendingPurge> print(Consumer<String> out) {
    Map<String, PendingPurge> byMailbox = new TreeMap<>();
    reader.forEachExpunged(
        e -> {
          String name =
              reader
                  .mailbox(e.message().mailboxId())
                  .map(MailboxRecord::name)
                  .orElse("(deleted mailbox " + e.message().mailboxId() + ")");
          byMailbox.merge(
              name,
              new PendingPurge(name, 1, e.message().size(), e.expungedMicros()),
              (a, b) -> a.plus(b.bytes(), b.oldestExpungeMicros()));
          return true;
        });
    out.accept("Pending cleanups: 0 (mboxutil -C purges at once; nothing is queued)");
    out.accept("Pending purges (expunged, not yet purged): " + byMailbox.size() + " mailboxes");
    List<PendingPurge> pending = List.copyOf(byMailbox.values());
    if (pending.isEmpty()) {
      return pending;
    }
    out.accept(String.format("%8s %12s %14s %s", "msgs", "bytes", "oldest expunge", "mailbox"));
    for (PendingPurge p : pending) {
      out.accept(
          String.format(
              "%8d %12d %14s %s",
              p.messages(), p.bytes(), stamps.micros(p.oldestExpungeMicros()), p.mailbox()));
    }
    return pending;
  }
}
