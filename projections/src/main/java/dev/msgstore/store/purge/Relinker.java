package dev.msgstore.store.purge;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.Liveness;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.vault.VaultRetention;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code relinker}: single copy is structural here (one body per digest per partition), so what it
 * finds are the copies that slipped in: the same digest written into two segments by concurrent or
 * imported deliveries, which the index names only once. Relinking folds them by compacting the
 * partition's segments keeping every body the index names (nothing a message might need is
 * dropped). {@code -d} purges the "digest repository": index entries no live or restorable message
 * names, as a purge would.
 */
public final class Relinker {
  /** A dot every this many records or messages (the reference's progress). */
  public static final long DOT_EVERY = 100_000;

  private final Store store;
  private final Author author;

  public Relinker(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  /** One partition's statistics, before and after. */
  public record Statistics(
      String partition,
      long messages,
      long messageBytes,
      SegmentBodyStore.Census before,
      SegmentBodyStore.Census after) {
    /** Bytes single copy saves: what every message's own copy would take, less what is stored. */
    public long savingsBefore() {
      return Math.max(0, messageBytes - before.payloadBytes());
    }

    public long savingsAfter() {
      return Math.max(0, messageBytes - after.payloadBytes());
    }
  }

  /**
   * Relinks ({@code purgeRepository} false) or purges unreferenced bodies ({@code true}) on one
   * partition. {@code dot} is called once per {@link #DOT_EVERY} records or messages scanned.
   */
  public Statistics run(
      String partition, boolean purgeRepository, Runnable dot, Consumer<String> phase)
      throws IOException {
    BodyStore bodies = store.bodies(partition);
    if (!(bodies instanceof SegmentBodyStore segments)) {
      throw new IllegalStateException("partition " + partition + " has no segment body store");
    }
    long[] seen = {0};
    Runnable tick =
        () -> {
          if (++seen[0] % DOT_EVERY == 0) {
            dot.run();
          }
        };
    phase.accept(
        purgeRepository ? "Purging digest repository..." : "Scanning digest repository...");
    SegmentBodyStore.Census before = segments.census(tick);
    long[] msgs = {0, 0};
    if (!purgeRepository) {
      phase.accept("Processing user directories...");
      seen[0] = 0;
      Map<Long, String> partitionOf = new HashMap<>();
      store.refresh();
      try (ProjectionReader r = store.read()) {
        r.forEachMailbox(
            "",
            m -> {
              partitionOf.put(m.id(), m.partition());
              if (m.partition().equals(partition)) {
                r.forEachMessage(
                    m.id(),
                    0,
                    msg -> {
                      msgs[0]++;
                      msgs[1] += msg.size();
                      tick.run();
                      return true;
                    });
              }
              return true;
            });
        r.forEachExpunged(
            x -> {
              if (partitionOf.getOrDefault(x.message().mailboxId(), partition).equals(partition)) {
                msgs[0]++;
                msgs[1] += x.message().size();
              }
              return true;
            });
      }
    }
    if (!store.isDryRun()) {
      segments.compact(
          purgeRepository
              ? LiveBodies.of(
                  store,
                  author,
                  partition,
                  VaultRetention.keepFromMicros(store, System.currentTimeMillis()))
              : Liveness.of(d -> true));
    }
    SegmentBodyStore.Census after = store.isDryRun() ? before : segments.census(() -> {});
    return new Statistics(partition, msgs[0], msgs[1], before, after);
  }
}
