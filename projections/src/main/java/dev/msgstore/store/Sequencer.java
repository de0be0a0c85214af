package dev.msgstore.store;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.ProjectionWriter;
import dev.msgstore.projections.Projections;
import dev.msgstore.store.command.Command;
import dev.msgstore.store.command.DecisionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The single writer of a process: every command of every thread is decided, written and applied by
 * this one thread, in batches. A batch shares one projection transaction and one journal sync, and
 * no two threads ever contend for the journal or LMDB locks: on a machine with few cores, lock
 * hand-offs between many writer threads cost more than the work. Callers wait until their commit is
 * durable, as before.
 */
final class Sequencer implements AutoCloseable {
  private static final int MAX_BATCH = 256;
  private static final long GATHER_NANOS = 100_000;

  private record Request(
      Author author, Command command, List<StagedBody> bodies, CompletableFuture<Outcome> result) {}

  private static final Request STOP = new Request(null, null, List.of(), null);

  private final Journal journal;
  private final Projections projections;
  private final Function<ProjectionReader, DecisionContext> contexts;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final BlockingQueue<Runnable> acknowledgements = new LinkedBlockingQueue<>();
  private final Thread acknowledger;

  /** Batches written whose journal fsync has not finished. */
  private final AtomicInteger syncing = new AtomicInteger();

  private volatile boolean closed;

  Sequencer(
      Journal journal,
      Projections projections,
      Function<ProjectionReader, DecisionContext> contexts,
      String name) {
    this.journal = journal;
    this.projections = projections;
    this.contexts = contexts;
    this.thread = new Thread(this::run, "msgstore-sequencer " + name);
    thread.setDaemon(true);
    this.acknowledger = new Thread(this::acknowledge, "msgstore-acknowledger " + name);
    acknowledger.setDaemon(true);
  }

  void start() {
    thread.start();
    acknowledger.start();
  }

  /**
   * Has the writer thread apply what other processes committed: readers never take the projections'
   * write lock themselves, so they never wait behind this process's writer.
   */
  void catchUp() {
    execute(null, null, List.of());
  }

  /**
   * Executes the command on the writer thread once {@code bodies} are durable; returns once its
   * commit is. The writer waits for the bodies of a whole batch at once: one body fsync, then one
   * journal fsync, for every message in the batch.
   */
  Outcome execute(Author author, Command command, List<StagedBody> bodies) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("a command cannot run another command while deciding");
    }
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    queue.add(new Request(author, command, List.copyOf(bodies), result));
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the command was being committed", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private void run() {
    List<Request> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() stops the writer
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      gatherMore(batch);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        process(batch);
      }
      batch.clear();
      if (stop) {
        failPending();
        acknowledgements.add(STOP_ACKNOWLEDGING);
        return;
      }
    }
  }

  private static final Runnable STOP_ACKNOWLEDGING = () -> {};

  /**
   * While the previous batch's journal fsync is still running, commands that arrive now would wait
   * for it anyway: take them into this batch, so that it shares one body fsync and one journal
   * fsync among more messages. Waits at most {@link #GATHER_NANOS}, and not at all when idle.
   */
  private void gatherMore(List<Request> batch) {
    long deadline = System.nanoTime() + GATHER_NANOS;
    while (batch.size() < MAX_BATCH && syncing.get() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        Request r = queue.poll(Math.min(left, 20_000), TimeUnit.NANOSECONDS);
        if (r != null) {
          batch.add(r);
          queue.drainTo(batch, MAX_BATCH - batch.size());
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The second thread: waits for each batch's journal fsync, then wakes its callers. */
  private void acknowledge() {
    while (true) {
      Runnable next;
      try {
        next = acknowledgements.take();
      } catch (InterruptedException e) {
        continue;
      }
      if (next == STOP_ACKNOWLEDGING) {
        return;
      }
      next.run();
    }
  }

  private void process(List<Request> batch) {
    Outcome[] outcomes = new Outcome[batch.size()];
    Throwable[] failures = new Throwable[batch.size()];
    long last = Journal.NO_INDEX;
    try (ProjectionWriter writer = projections.beginWrite()) {
      projections.catchUp(journal, writer, Long.MAX_VALUE);
      for (int i = 0; i < batch.size(); i++) {
        Request r = batch.get(i);
        if (r.command() == null) {
          outcomes[i] = new Outcome(Journal.NO_INDEX, List.of()); // a catch-up: done above
          continue;
        }
        List<Event> decided = new ArrayList<>();
        try {
          for (StagedBody body : r.bodies()) {
            body.awaitDurable(); // the first one fsyncs every body staged so far
          }
          long index =
              journal.write(
                  r.author(),
                  new Journal.Decision() {
                    @Override
                    public List<? extends Event> decide() {
                      // Under the journal lock: whatever another process wrote since the batch
                      // began is applied before deciding (usually nothing: one look at the end).
                      projections.catchUp(journal, writer, Long.MAX_VALUE);
                      decided.addAll(r.command().decide(contexts.apply(writer.view())));
                      return decided;
                    }

                    @Override
                    public void written(Commit commit) {
                      // Read back through the cursor, so it stays at the journal's end.
                      projections.catchUp(journal, writer, Long.MAX_VALUE);
                    }
                  });
          outcomes[i] = new Outcome(index, index == Journal.NO_INDEX ? List.of() : decided);
          last = index == Journal.NO_INDEX ? last : index;
        } catch (IOException e) {
          failures[i] = new UncheckedIOException("the message body could not be stored", e);
        } catch (RuntimeException | Error e) {
          failures[i] = e;
        }
      }
      writer.commit();
    } catch (RuntimeException | Error e) {
      // Projections are a cache: commits already written stay the truth and are applied by the
      // next catch-up. Only commands not yet decided fail.
      for (int i = 0; i < batch.size(); i++) {
        if (outcomes[i] == null && failures[i] == null) {
          failures[i] = e;
        }
      }
    }
    List<CompletableFuture<Outcome>> results = batch.stream().map(Request::result).toList();
    long durableAt = last;
    syncing.incrementAndGet();
    acknowledgements.add(
        () -> {
          try {
            acknowledge(results, outcomes, failures, durableAt);
          } finally {
            syncing.decrementAndGet();
          }
        });
  }

  private void acknowledge(
      List<CompletableFuture<Outcome>> results,
      Outcome[] outcomes,
      Throwable[] failures,
      long durableAt) {
    Throwable syncFailure = null;
    if (durableAt != Journal.NO_INDEX) {
      try {
        journal.awaitDurable(durableAt);
      } catch (RuntimeException | Error e) {
        syncFailure = e;
      }
    }
    for (int i = 0; i < results.size(); i++) {
      CompletableFuture<Outcome> result = results.get(i);
      if (failures[i] != null) {
        result.completeExceptionally(failures[i]);
      } else if (syncFailure != null && !outcomes[i].wroteNothing()) {
        result.completeExceptionally(syncFailure);
      } else {
        result.complete(outcomes[i]);
      }
    }
  }

  private void failPending() {
    List<Request> left = new ArrayList<>();
    queue.drainTo(left);
    for (Request r : left) {
      if (r != STOP) {
        r.result().completeExceptionally(new IllegalStateException("the store is closed"));
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      thread.join();
      acknowledger.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
