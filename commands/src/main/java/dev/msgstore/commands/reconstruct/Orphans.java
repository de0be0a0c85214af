package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -x}: bodies no message names, neither in a mailbox nor in the expunge ledger — deliveries
 * whose body was written but whose commit never was (a crash, a rejected append). The reference
 * "recovers" such a message into its mailbox; here no event names the mailbox it was meant for, so
 * there is nothing to put it back into: reconstruct reports them and, unless {@code -n}, reclaims
 * their space by compacting the partition's segments. A dry run says so on stderr instead.
 */
final class Orphans {
  private Orphans() {}

  static List<OrphanBodies> run(Store store, boolean reclaim, PrintWriter err) throws IOException {
    List<OrphanBodies> out = new ArrayList<>();
    for (String partition : store.partitions().paths().keySet()) {
      BodyStore bodies = store.bodies(partition);
      Set<Digest> live = named(store);
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
        Set<Digest> nowNamed = named(store);
        reclaimed = segments.compact(d -> !orphans.contains(d) || nowNamed.contains(d));
      }
      out.add(new OrphanBodies(partition, orphans.size(), bytes[0], reclaimed));
    }
    return out;
  }

  /** Every digest a message names: in a mailbox, or expunged and still restorable. */
  private static Set<Digest> named(Store store) {
    Set<Digest> live = new HashSet<>();
    try (ProjectionReader r = store.read()) {
      r.forEachMailbox(
          "",
          m -> {
            r.forEachMessage(m.id(), 0, msg -> live.add(msg.digest()) || true);
            return true;
          });
      r.forEachExpunged(x -> live.add(x.message().digest()) || true);
    }
    return live;
  }
}
