package dev.msgstore.commands.imcheck;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code -q}: the maintenance queue. This store queues no cleanups ({@code mboxutil -C} purges at
 * once), so the cleanup queue is always empty; what is pending is the messages expunged and not yet
 * purged, listed per mailbox as the purges still to do.
 */
final class MaintenanceQueue {
  private record Pending(long messages, long bytes, long oldestMicros) {
    Pending plus(long size, long micros) {
      return new Pending(messages + 1, bytes + size, Math.min(oldestMicros, micros));
    }
  }

  private final ProjectionReader reader;
  private final Stamps stamps;

  MaintenanceQueue(ProjectionReader reader, Stamps stamps) {
    this.reader = reader;
    this.stamps = stamps;
  }

  void print(Consumer<String> out) {
    Map<String, Pending> byMailbox = new TreeMap<>();
    reader.forEachExpunged(
        e -> {
          String name =
              reader
                  .mailbox(e.message().mailboxId())
                  .map(MailboxRecord::name)
                  .orElse("(deleted mailbox " + e.message().mailboxId() + ")");
          byMailbox.merge(
              name,
              new Pending(1, e.message().size(), e.expungedMicros()),
              (a, b) -> a.plus(b.bytes(), b.oldestMicros()));
          return true;
        });
    out.accept("Pending cleanups: 0 (mboxutil -C purges at once; nothing is queued)");
    out.accept("Pending purges (expunged, not yet purged): " + byMailbox.size() + " mailboxes");
    if (byMailbox.isEmpty()) {
      return;
    }
    out.accept(String.format("%8s %12s %14s %s", "msgs", "bytes", "oldest expunge", "mailbox"));
    byMailbox.forEach(
        (name, p) ->
            out.accept(
                String.format(
                    "%8d %12d %14s %s",
                    p.messages(), p.bytes(), stamps.micros(p.oldestMicros()), name)));
  }
}
