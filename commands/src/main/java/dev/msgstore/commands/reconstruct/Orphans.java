package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.vault.VaultRetention;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code -x}: bodies no message names, neither in a mailbox nor in the expunge ledger nor in the
 * vault of deleted mail within {@code store.vault.retention} — deliveries whose body was written
 * but whose commit never was (a crash, a rejected append). The reference "recovers" such a message
 * into its mailbox; here no event names the mailbox it was meant for, so there is nothing to put it
 * back into: reconstruct reports them and, unless {@code -n}, reclaims their space by compacting
 * the partition's segments. A dry run says so on stderr instead. Bodies are judged partition by
 * partition: a copy on a partition where no message of it lives is an orphan (a partition move
 * killed before its commit leaves those on the target).
 */
final class Orphans {
  private Orphans() {}

  static List<OrphanBodies> run(Store store, boolean reclaim, PrintWriter err) throws IOException {
    List<OrphanBodies> out = new ArrayList<>();
    for (String partition : store.partitions().paths().keySet()) {
      BodyStore bodies = store.bodies(partition);
      Set<Digest> live = named(store, partition);
      Set<Digest> orphans = new HashSet<>();
      long[] bytes = new long[1];
      bodies.forEachBody(
          b -> {
            if (!live.contains(b.digest())) {
              orphans.add(b.digest());
              bytes[0] += b.size();
            }
          });
      long reclaimed = 0;
      if (reclaim && !orphans.isEmpty() && store.isDryRun()) {
        CliContext.wouldHave(
            err,
            "compact the body segments of partition "
                + partition
                + " to reclaim its "
                + orphans.size()
                + " orphan bodies ("
                + bytes[0]
                + " bytes)");
      } else if (reclaim && !orphans.isEmpty() && bodies instanceof SegmentBodyStore segments) {
        // Look again just before compacting: a delivery may have committed one of them since.
        // Compaction rewrites only sealed segments, never one a live writer is appending to.
        Set<Digest> nowNamed = named(store, partition);
        reclaimed = segments.compact(d -> !orphans.contains(d) || nowNamed.contains(d));
      }
      out.add(new OrphanBodies(partition, orphans.size(), bytes[0], reclaimed));
    }
    return out;
  }

  /**
   * Every digest a message on {@code partition} names: in a mailbox there, or expunged from one and
   * still restorable. A body is one partition's copy: the copy a partition move made before it was
   * killed, or the one a finished move left behind, is an orphan although the same digest is named
   * on another partition.
   */
  private static Set<Digest> named(Store store, String partition) {
    Set<Digest> live = new HashSet<>();
    Map<Long, String> partitionOf = new HashMap<>();
    try (ProjectionReader r = store.read()) {
      r.forEachMailbox(
          "",
          m -> {
            partitionOf.put(m.id(), m.partition());
            if (m.partition().equals(partition)) {
              r.forEachMessage(m.id(), 0, msg -> live.add(msg.digest()) || true);
            }
            return true;
          });
      // an expunged message whose mailbox is unknown keeps its body wherever it is
      r.forEachExpunged(
          x -> {
            String where = partitionOf.getOrDefault(x.message().mailboxId(), partition);
            if (where.equals(partition)) {
              live.add(x.message().digest());
            }
            return true;
          });
      // a deleted message within store.vault.retention keeps its body for undelete
      long keepFrom = VaultRetention.keepFromMicros(store, System.currentTimeMillis());
      r.forEachVaulted(
          v -> {
            if (v.vaultedMicros() >= keepFrom && v.partition().equals(partition)) {
              live.add(v.message().digest());
            }
            return true;
          });
    }
    return live;
  }
}
