package dev.msgstore.projections;

import dev.msgstore.journal.Commit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads and decodes commits on a thread of its own, a batch ahead of the caller, who applies them:
 * a replay into empty projections spends a fifth of its time reading and decoding the journal,
 * which a second core then does meanwhile. What the reader throws (a damaged commit) reaches the
 * caller after the commits before it, as it would have in a plain loop. Closing stops the reader
 * (without an interrupt, which would close Chronicle's file channels) before it returns, so the
 * source is the caller's again.
 */
final class ReadAhead implements AutoCloseable {
  // A batch is handed over at this many commits or events, whichever comes first; few are queued:
  // what waits in the queue survives young collections, which then copy it.
  private static final int BATCH = 256;
  private static final int BATCH_EVENTS = 2_048;
  private static final int BATCHES = 4;
  private static final List<Commit> END = List.of();

  private final ArrayBlockingQueue<Object> ready = new ArrayBlockingQueue<>(BATCHES);
  private final Thread thread;
  private volatile boolean stop;
  private List<Commit> batch = new ArrayList<>();
  private int next;
  private boolean ended;

  /** Starts reading {@code source} (null: no more commits) on a new thread. */
  ReadAhead(Supplier<Commit> source) {
    thread = Thread.ofPlatform().daemon().name("msgstore-read-ahead").start(() -> read(source));
  }

  private void read(Supplier<Commit> source) {
    while (true) {
      List<Commit> b = new ArrayList<>(BATCH);
      Object after = null; // what follows the batch: the end, or what the source threw
      try {
        int events = 0;
        while (b.size() < BATCH && events < BATCH_EVENTS) {
          Commit c = source.get();
          if (c == null) {
            after = END;
            break;
          }
          b.add(c);
          events += c.events().size();
        }
      } catch (RuntimeException | Error e) {
        after = e;
      }
      if (!b.isEmpty() && !hand(b)) {
        return; // closed
      }
      if (after != null) {
        hand(after);
        return;
      }
    }
  }

  /** Queues {@code o}, waiting while the queue is full; false when closed meanwhile. */
  private boolean hand(Object o) {
    try {
      while (!stop) {
        if (ready.offer(o, 10, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** The next commit, or null at the journal's end (for now). */
  Commit next() {
    while (next == batch.size()) {
      if (ended) {
        return null;
      }
      Object o;
      try {
        o = ready.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while replaying the journal", e);
      }
      switch (o) {
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        case List<?> l -> {
          @SuppressWarnings("unchecked")
          List<Commit> commits = (List<Commit>) l;
          batch = commits;
          next = 0;
          ended = l == END;
        }
        default -> throw new AssertionError(o);
      }
    }
    return batch.get(next++);
  }

  @Override
  public void close() {
    stop = true;
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
