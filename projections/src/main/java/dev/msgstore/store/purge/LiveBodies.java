package dev.msgstore.store.purge;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.Liveness;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies of one partition that a message names: one in a mailbox there, expunged from one and
 * still restorable (until it is purged), or in the vault of deleted mail and within {@code
 * store.vault.retention} (entered it at or after the cutoff given). Judged from the projections at
 * their stamp, then kept up to date under the journal's write lock by reading the commits written
 * since: a delivery that deduplicated against a body after it was judged dead names it in such a
 * commit, and a body moved here by a partition move makes the whole judgement stale (everything is
 * kept this round).
 *
 * <p>Held as the first 64 bits of each digest, sorted: eight bytes a message, so a store of
 * millions fits in a few MB of heap. Two digests sharing those bits only keep a dead body a while
 * longer; a live body is never judged dead.
 */
final class LiveBodies implements Liveness {
  private final Store store;
  private final Author author;
  private final String partition;
  private final long[] named;
  private final Set<Digest> namedSince = new HashSet<>();
  private long seenUpTo;
  private boolean stale;

  private LiveBodies(Store store, Author author, String partition, long[] named, long stamp) {
    this.store = store;
    this.author = author;
    this.partition = partition;
    this.named = named;
    this.seenUpTo = stamp;
  }

  /**
   * {@code vaultKeepFromMicros}: a vaulted message whose purge or mailbox deletion is at or after
   * it keeps its body ({@link dev.msgstore.store.vault.VaultRetention#keepFromMicros}).
   */
  static LiveBodies of(Store store, Author author, String partition, long vaultKeepFromMicros) {
    store.refresh();
    try (ProjectionReader r = store.read()) {
      long[] buf = new long[1024];
      int[] n = {0};
      Map<Long, String> partitionOf = new HashMap<>();
      long[][] grow = {buf};
      r.forEachMailbox(
          "",
          m -> {
            partitionOf.put(m.id(), m.partition());
            if (m.partition().equals(partition)) {
              r.forEachMessage(
                  m.id(),
                  0,
                  msg -> {
                    grow[0] = add(grow[0], n, msg.digest().w0());
                    return true;
                  });
            }
            return true;
          });
      r.forEachExpunged(
          x -> {
            // an expunged message whose mailbox is unknown keeps its body wherever it is
            String where = partitionOf.getOrDefault(x.message().mailboxId(), partition);
            if (where.equals(partition)) {
              grow[0] = add(grow[0], n, x.message().digest().w0());
            }
            return true;
          });
      r.forEachVaulted(
          v -> {
            if (v.vaultedMicros() >= vaultKeepFromMicros && v.partition().equals(partition)) {
              grow[0] = add(grow[0], n, v.message().digest().w0());
            }
            return true;
          });
      long[] sorted = Arrays.copyOf(grow[0], n[0]);
      Arrays.sort(sorted);
      return new LiveBodies(store, author, partition, sorted, r.stamp());
    }
  }

  private static long[] add(long[] a, int[] n, long v) {
    long[] out = n[0] == a.length ? Arrays.copyOf(a, a.length * 2) : a;
    out[n[0]++] = v;
    return out;
  }

  int namedCount() {
    return named.length;
  }

  @Override
  public boolean isLive(Digest digest) {
    return stale || Arrays.binarySearch(named, digest.w0()) >= 0 || namedSince.contains(digest);
  }

  @Override
  public void exclusively(Step step) throws IOException {
    Journal journal = store.journal();
    IOException[] failed = {null};
    // An empty decision writes nothing; it is how one holds the journal's write lock, in this
    // process and across processes, while the index forgets the dead bodies.
    journal.write(
        author,
        () -> {
          journal.replay(seenUpTo, this::see);
          try {
            step.run();
          } catch (IOException e) {
            failed[0] = e;
          }
          return List.of();
        });
    if (failed[0] != null) {
      throw failed[0];
    }
  }

  private void see(Commit commit) {
    for (Event e : commit.events()) {
      switch (e) {
        case MessageEvent.Appended a -> namedSince.add(a.digest());
        case MailboxEvent.Renamed r when !r.oldPartition().equals(r.newPartition()) ->
            stale |= r.newPartition().equals(partition);
        default -> {}
      }
    }
    seenUpTo = commit.index();
  }
}
