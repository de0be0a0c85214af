package dev.msgstore.journal;

import java.util.function.LongSupplier;

/**
 * Group commit: every writer waits until a sync covers its commit; one of them (the leader) runs
 * the sync for all that were written by then, the others wait for it.
 */
final class GroupSync {
  private final LongSupplier sync;
  private final Object monitor = new Object();
  private long syncedIndex = Journal.NO_INDEX;
  private boolean syncing;
  private long syncs;
  private long syncNanos;

  /** {@code sync} makes everything written so far durable and returns the last index it covers. */
  GroupSync(LongSupplier sync) {
    this.sync = sync;
  }

  void awaitDurable(long index) {
    awaitDurable(index, null);
  }

  /**
   * As {@link #awaitDurable(long)}; a thread that leads a sync first runs {@code beforeSync} (a
   * wait for commits about to be written, so that the sync covers them too), others wait for it.
   */
  void awaitDurable(long index, Runnable beforeSync) {
    while (true) {
      synchronized (monitor) {
        while (syncing && syncedIndex < index) {
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the journal sync", e);
          }
        }
        if (syncedIndex >= index) {
          return;
        }
        syncing = true;
      }
      long covered = Journal.NO_INDEX;
      long start = System.nanoTime();
      try {
        if (beforeSync != null) {
          beforeSync.run();
          start = System.nanoTime(); // the figure is the fsync's time, not the wait's
        }
        covered = sync.getAsLong();
      } finally {
        long took = System.nanoTime() - start;
        synchronized (monitor) {
          syncing = false;
          syncs++;
          syncNanos += took;
          syncedIndex = Math.max(syncedIndex, covered);
          monitor.notifyAll();
        }
      }
    }
  }

  /** The last index a sync of this process covered. */
  long syncedIndex() {
    synchronized (monitor) {
      return syncedIndex;
    }
  }

  long syncs() {
    synchronized (monitor) {
      return syncs;
    }
  }

  /** The time the syncs counted by {@link #syncs()} took, together. */
  long syncNanos() {
    synchronized (monitor) {
      return syncNanos;
    }
  }
}
