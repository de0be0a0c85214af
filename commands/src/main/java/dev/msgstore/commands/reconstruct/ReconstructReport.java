package dev.msgstore.commands.reconstruct;

import dev.msgstore.projections.model.Subscription;
import java.util.List;

/**
 * What one {@code reconstruct} run checked and did, part by part as it printed it; a part the
 * options did not ask for is null or empty. {@code danglingSubscriptions} are subscriptions to
 * mailboxes that do not exist ({@code -s}, {@code -a}: reported, not removed). {@code skipped}: the
 * mailboxes named with {@code -p} that are on another partition, left unchecked. {@code
 * journalRepair}: what {@code --skip-commit} or {@code --stop-at-commit} found and did. {@code
 * damageLeft}: damage was found and left (exit 65).
 */
public record ReconstructReport(
    BodyReport bodies,
    List<IndexCheck> indexes,
    List<ReplayCheck> replays,
    List<Subscription> danglingSubscriptions,
    List<OrphanBodies> orphans,
    Compacted compaction,
    List<String> skipped,
    CommitRepair journalRepair,
    boolean damageLeft) {
  public ReconstructReport {
    indexes = List.copyOf(indexes);
    replays = List.copyOf(replays);
    danglingSubscriptions = List.copyOf(danglingSubscriptions);
    orphans = List.copyOf(orphans);
    skipped = List.copyOf(skipped);
  }

  /** A run that checked nothing: {@code -A}, as this store keeps no annotations. */
  static ReconstructReport nothing() {
    return new ReconstructReport(
        null, List.of(), List.of(), List.of(), List.of(), null, List.of(), null, false);
  }

  static ReconstructReport of(CommitRepair repair, boolean left) {
    return new ReconstructReport(
        null, List.of(), List.of(), List.of(), List.of(), null, List.of(), repair, left);
  }

  static ReconstructReport of(Compacted compaction) {
    return new ReconstructReport(
        null, List.of(), List.of(), List.of(), List.of(), compaction, List.of(), null, false);
  }
}
