package dev.msgstore.store;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.ProjectionWriter;
import dev.msgstore.projections.Projections;
import dev.msgstore.store.command.Command;
import dev.msgstore.store.command.DecisionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The single writer of a process: every command of every thread is decided, written and applied by
 * this one thread, in batches. A batch shares one projection transaction and one journal sync, and
 * no two threads ever contend for the journal or LMDB locks: on a machine with few cores, lock
 * hand-offs between many writer threads cost more than the work. Callers wait until their commit is
 * durable, as before: once the writer has answered them, a batch's callers fsync the journal
 * themselves (one of them, for all: the journal's group commit), while the writer goes on with the
 * next batch.
 */
final class Sequencer implements AutoCloseable {
  private static final int MAX_BATCH = 256;

  /** The longest the writer waits for callers whose bodies are being fsynced (see gatherMore). */
  private static final long GATHER_NANOS = 1_000_000;

  /** The longest a journal fsync's leader waits for a batch being written before it fsyncs. */
  private static final long FOLLOWER_NANOS = 1_000_000;

  private record Request(Author author, Command command, List<StagedBody> bodies, Reply result) {}

  /**
   * A command's answer, and the one thread waiting for it, which completing it unparks. That thread
   * may be parked in its body's group commit rather than here: the leader of that commit queued its
   * command instead of waking it ({@link StagedBody#awaitDurable(Runnable)}), so this unpark is the
   * only wake-up it gets.
   *
   * <p>A batch that wrote commits is answered through one of its callers: the writer answers it
   * with the index the batch wrote up to and its batch-mates' answers ({@link #lead}); that caller
   * makes the journal durable up to there (running the fsync, or waiting for the one running), then
   * answers the others, each woken once, as the batch's acknowledgement.
   */
  private static final class Reply {
    private static final VarHandle VALUE;

    static {
      try {
        VALUE = MethodHandles.lookup().findVarHandle(Reply.class, "value", Object.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private record Failure(Throwable cause) {}

    /** Set by a waiter interrupted before its answer came: whoever answers passes it over. */
    private static final Object ABANDONED = new Object();

    private final Thread waiter;
    private volatile Object value; // an Outcome, a Failure or ABANDONED, set once

    // Written by the writer before value (which publishes them), read by the waiter after it.
    private long durableAt = Journal.NO_INDEX;
    private List<Reply> mates = List.of();
    private List<Object> mateAnswers = List.of();

    Reply(Thread waiter) {
      this.waiter = waiter;
    }

    void complete(Outcome outcome) {
      set(outcome);
    }

    void completeExceptionally(Throwable cause) {
      set(new Failure(cause));
    }

    /**
     * Answers {@code answer} (an Outcome or a failure), with the batch's acknowledgement to run
     * before the waiter returns: make the journal durable up to {@code index}, then answer each of
     * {@code mates}. Says false when the waiter gave up already (nothing is taken on then).
     */
    boolean lead(Object answer, long index, List<Reply> mates, List<Object> mateAnswers) {
      this.durableAt = index;
      this.mates = mates;
      this.mateAnswers = mateAnswers;
      return set(answer);
    }

    /** An Outcome or a failure, as the writer decided it. */
    static Object answer(Outcome outcome, Throwable failure) {
      return failure != null ? new Failure(failure) : outcome;
    }

    private boolean set(Object v) {
      if (VALUE.compareAndSet(this, null, v)) {
        if (waiter != null) {
          LockSupport.unpark(waiter);
        }
        return true;
      }
      return false;
    }

    /**
     * Waits for the answer (on the waiter's thread); when it leads its batch's acknowledgement,
     * makes the batch durable ({@code sync}, which never throws: it returns the fsync's failure)
     * and answers the batch's other callers. Throws the command's failure, or the fsync's for a
     * command that wrote something.
     */
    Outcome await(Sync sync) {
      Object v;
      while ((v = value) == null) {
        if (Thread.currentThread().isInterrupted() && VALUE.compareAndSet(this, null, ABANDONED)) {
          throw new IllegalStateException("interrupted while the command was being committed");
        }
        LockSupport.park(this);
      }
      if (durableAt != Journal.NO_INDEX) {
        Throwable syncFailure = sync.awaitDurable(durableAt);
        // When the fsync failed, no command is answered as done: a commit may be lost, and a
        // no-op's answer may rest on one. A refusal stays one.
        for (int i = 0; i < mates.size(); i++) {
          Object m = mateAnswers.get(i);
          mates
              .get(i)
              .set(syncFailure != null && m instanceof Outcome ? new Failure(syncFailure) : m);
        }
        if (syncFailure != null && v instanceof Outcome) {
          v = new Failure(syncFailure);
        }
      }
      if (v instanceof Failure(Throwable cause)) {
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause);
      }
      return (Outcome) v;
    }
  }

  /** How a caller makes its batch's commits durable: returns the failure, never throws it. */
  @FunctionalInterface
  private interface Sync {
    Throwable awaitDurable(long index);
  }

  private static final String BODY_NOT_STORED = "the message body could not be stored";

  private static final Request STOP = new Request(null, null, List.of(), null);

  /** Wakes a writer gathering followers: the journal fsync it waited beside has ended. */
  private static final Request WAKE = new Request(null, null, List.of(), null);

  /**
   * The writer is in {@link #gatherMore}: a caller whose journal fsync covered every batch written
   * wakes it.
   */
  private volatile boolean gathering;

  private final Journal journal;
  private final Projections projections;
  private final Function<ProjectionReader, DecisionContext> contexts;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  /** The last index this writer wrote: a journal fsync is due while it is not durable. */
  private volatile long lastWritten = Journal.NO_INDEX;

  /** Callers in {@link #execute} whose bodies are being made durable: commands about to come. */
  private final AtomicInteger arriving = new AtomicInteger();

  /**
   * Whether the writer is writing a batch; guarded by its own monitor, told when it turns false.
   */
  private boolean writing;

  private final Object writingMonitor = new Object();

  /**
   * The journal index the projection transaction of the batch being written covers so far: what
   * other processes committed (caught up at the batch's start and before each decision) and this
   * writer's own commits. Written by the writer thread only.
   */
  private volatile long covering = Journal.NO_INDEX;

  /**
   * While a batch is being written and every commit its projection transaction applied is one of
   * its own: the stamp that transaction began at (what readers see committed); else {@link #MIXED}.
   * Its own commits' callers are answered only once the transaction has ended, so a reader at that
   * stamp misses none that anyone was told of (see {@link #onlyUnansweredAbove}). Written by the
   * writer thread only: before {@link #covering} moves past another's commit, and after the batch.
   */
  private volatile long unansweredAbove = MIXED;

  private static final long MIXED = Long.MIN_VALUE;

  /**
   * Moves on after every batch whose projection transaction may have changed where a mailbox's
   * messages go (a commit of this process with any event but a message's, a commit of another
   * process caught up or found applied, a failed transaction), once that transaction has ended: an
   * answer read from the projections before it is not reused after it ({@link #layoutGeneration}).
   */
  private volatile long layoutGeneration;

  private boolean layoutChanged; // in the batch being written; writer thread only

  private long ownStamp = Long.MIN_VALUE; // the stamp this writer's last batch committed

  /** Every batch that covered up to here has ended its projection transaction; its monitor. */
  private long ended = Journal.NO_INDEX;

  private final Object endedMonitor = new Object();

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
  }

  void start() {
    thread.start();
  }

  /**
   * Has the writer thread apply what other processes committed: readers never take the projections'
   * write lock themselves, so they never wait behind this process's writer.
   */
  void catchUp() {
    execute(null, null, List.of());
  }

  /**
   * Waits, when the batch being written already covers the journal up to {@code index}, until that
   * batch has ended its projection transaction, and says so; returns false at once when no batch of
   * this writer covers it (the caller then asks for a {@link #catchUp}). Under load the journal is
   * ahead of the committed projections mostly by the batch being written: a reader then needs only
   * its end, not a catch-up request of its own through the queue, which waited for that batch and
   * then for the next one, with a hand-off to the writer and back. The batch's transaction may have
   * failed: the caller checks the stamp again.
   */
  boolean awaitBatchCovering(long index) {
    if (index == Journal.NO_INDEX || covering < index || Thread.currentThread() == thread) {
      return false; // on the writer thread, catchUp says what it says about a command there
    }
    synchronized (endedMonitor) {
      while (ended < index) {
        if (closed) {
          return false;
        }
        try {
          endedMonitor.wait(10); // timed: a writer stopping ends no batch
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether the journal up to {@code end} holds past {@code stamp} (a committed projection stamp)
   * only commits of the batch being written, none of them answered yet: a reader at {@code stamp}
   * then sees every commit this process has acknowledged and every other process's up to {@code
   * end}, without waiting for the batch's end as {@link #awaitBatchCovering} does (a wake-up for
   * nearly every LMTP RCPT under load).
   */
  boolean onlyUnansweredAbove(long stamp, long end) {
    // covering first: once it covers another's commit, unansweredAbove was lowered before it
    return covering >= end && unansweredAbove == stamp;
  }

  /**
   * Executes the command on the writer thread once {@code bodies} are durable; returns once its
   * commit is.
   *
   * <p>The bodies' fsync runs here, on the caller's thread, shared with every other caller whose
   * body is staged (the body store's group commit); only then does the command go to the writer
   * thread. Once the writer has written the batch, the journal's fsync runs on one of the batch's
   * callers' threads (perhaps this one), which then answers the others ({@link Reply#lead}). So
   * three stages overlap on successive batches: bodies being fsynced by their callers, commits of
   * bodies already durable being written by the writer thread, and the journal fsync of the commits
   * before them by their callers. A commit is never written before the bodies it names are durable,
   * no command waits behind another's body, and none returns before its batch's commits are durable
   * (docs/DURABILITY.md).
   */
  Outcome execute(Author author, Command command, List<StagedBody> bodies) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("a command cannot run another command while deciding");
    }
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
    Request request =
        new Request(author, command, List.copyOf(bodies), new Reply(Thread.currentThread()));
    if (bodies.isEmpty()) {
      submit(request);
    } else {
      arriving.incrementAndGet();
      AtomicBoolean arrived = new AtomicBoolean(); // arriving is lowered once, by whoever sets it
      try {
        for (int i = 0; i < bodies.size() - 1; i++) {
          bodies.get(i).awaitDurable(); // the first caller here fsyncs every body staged so far
        }
        // The last body's group-commit leader queues the command itself, as soon as that body is
        // durable, rather than waking this thread to do it: this thread then wakes once, when
        // the commit is durable (or refused).
        bodies
            .getLast()
            .awaitDurable(
                () -> {
                  submit(request);
                  if (arrived.compareAndSet(false, true)) {
                    arriving.decrementAndGet(); // after: the writer gathers while it is positive
                  }
                });
      } catch (IOException e) {
        if (arrived.compareAndSet(false, true)) {
          arriving.decrementAndGet(); // the continuation did not run: it runs only when durable
        }
        throw new UncheckedIOException(BODY_NOT_STORED, e); // nothing names it
      } catch (RuntimeException | Error e) {
        if (arrived.compareAndSet(false, true)) {
          arriving.decrementAndGet(); // a body store of another kind failed its wait
        }
        throw e;
      }
    }
    return request.result().await(this::awaitDurable);
  }

  /**
   * Makes the journal durable up to {@code index}: runs the fsync (for every commit written by
   * then) or waits for the one running; returns its failure, or null. The thread that runs it first
   * waits for a batch the writer is writing now, as {@link #awaitBatchBeingWritten} says. An
   * interrupt does not stop it (it acknowledges other callers too): the flag is cleared during the
   * wait and set again after. When the writer is gathering followers beside a due fsync, it is told
   * once no written batch awaits an fsync any more.
   */
  private Throwable awaitDurable(long index) {
    boolean interrupted = Thread.interrupted(); // an fsync on an interrupted thread would fail
    try {
      while (true) {
        try {
          journal.awaitDurable(index, this::awaitBatchBeingWritten);
          return null;
        } catch (RuntimeException | Error e) {
          if (!Thread.interrupted()) {
            return e;
          }
          interrupted = true; // interrupted while waiting for another's fsync: wait again
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (gathering && journal.isDurable(lastWritten)) {
        queue.add(WAKE); // the writer waits for followers only while an fsync is due
      }
    }
  }

  /**
   * Queues the request for the writer; never throws (it runs on a group-commit leader's thread
   * too): a store closed meanwhile answers it with the failure.
   */
  private void submit(Request request) {
    queue.add(request);
    // The store may have closed while the bodies were being fsynced: a writer that has stopped
    // takes nothing more, so take the command back (if the writer took it, it answers it).
    if (closed && queue.remove(request)) {
      request.result().completeExceptionally(new IllegalStateException("the store is closed"));
    }
  }

  /**
   * Where mailboxes live, as a number that moves on after any batch that may have changed it: an
   * answer read after reading this stands while it has not moved on (the caller reads it first).
   * Another process's change is seen here from this writer's next batch on.
   */
  long layoutGeneration() {
    return layoutGeneration;
  }

  /** Commands waiting for the writer (tests wait for them to be queued). */
  int queued() {
    return (int) queue.stream().filter(r -> r != WAKE && r != STOP).count();
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
      boolean stop = removeMarkers(batch);
      if (!batch.isEmpty()) {
        process(batch);
      }
      batch.clear();
      if (stop) {
        failPending();
        return;
      }
    }
  }

  /**
   * Takes STOP and WAKE out of the batch, by identity (List.remove would compare every request with
   * them by the record's equals, its command's too, which showed in the writer thread's profile);
   * says whether STOP was there.
   */
  private static boolean removeMarkers(List<Request> batch) {
    boolean stop = false;
    for (int i = batch.size() - 1; i >= 0; i--) {
      Request r = batch.get(i);
      if (r == STOP || r == WAKE) {
        stop |= r == STOP;
        batch.remove(i);
      }
    }
    return stop;
  }

  /**
   * Group commit's wait for followers, as PostgreSQL's commit_delay with commit_siblings: while the
   * journal fsync of earlier batches is still due or running, a batch written now would wait for it
   * anyway, so when other callers are about to come (their bodies are being fsynced), take them
   * into this batch and let one journal fsync cover more commits. Waits only while both hold, at
   * most {@link #GATHER_NANOS}; not at all when the journal is idle or nobody else is coming.
   */
  private void gatherMore(List<Request> batch) {
    long deadline = System.nanoTime() + GATHER_NANOS;
    gathering = true; // before looking at the journal: the fsync's callers look the other way
    try {
      while (batch.size() < MAX_BATCH && !journal.isDurable(lastWritten) && arriving.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        // One wait to the deadline: a request arriving, or a caller's WAKE when the fsync ends,
        // ends it (a timed poll every few µs to look at the journal cost a wake-up each).
        // Callers whose body failed only lower arriving: the deadline bounds that rare wait.
        Request r = queue.poll(left, TimeUnit.NANOSECONDS);
        if (r != null) {
          batch.add(r);
          queue.drainTo(batch, MAX_BATCH - batch.size());
        }
      }
    } catch (InterruptedException e) {
      // write what there is
    } finally {
      gathering = false;
    }
  }

  private void process(List<Request> batch) {
    synchronized (writingMonitor) {
      writing = true;
    }
    try {
      write(batch);
    } finally {
      endWriting(); // write() ends it before answering, unless it threw
    }
  }

  /**
   * The batch is written: said before its callers are answered, or the one of them that fsyncs
   * would wait here for its own batch.
   */
  private void endWriting() {
    synchronized (writingMonitor) {
      if (writing) {
        writing = false;
        writingMonitor.notifyAll();
      }
    }
  }

  /**
   * The journal fsync leader's wait for followers: a batch the writer is writing now will be
   * answered within microseconds; an fsync that waits for it covers both, and that batch's callers
   * then find their commits durable already. Bounded by {@link #FOLLOWER_NANOS}.
   */
  private void awaitBatchBeingWritten() {
    long deadline = System.nanoTime() + FOLLOWER_NANOS;
    synchronized (writingMonitor) {
      long left;
      while (writing && (left = deadline - System.nanoTime()) > 0) {
        try {
          writingMonitor.wait(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // fsync what there is; the caller sees the flag
          return;
        }
      }
    }
  }

  private void write(List<Request> batch) {
    Outcome[] outcomes = new Outcome[batch.size()];
    Throwable[] failures = new Throwable[batch.size()];
    long last = Journal.NO_INDEX;
    layoutChanged = false;
    try (ProjectionWriter writer = projections.beginWrite()) {
      long before = writer.stamp();
      layoutChanged = before != ownStamp; // another process's transaction came in between
      projections.catchUp(journal, writer, Long.MAX_VALUE);
      covering = writer.stamp();
      layoutChanged |= covering != before;
      if (covering == before) {
        unansweredAbove = before; // nothing of another's in this transaction so far
      }
      for (int i = 0; i < batch.size(); i++) {
        Request r = batch.get(i);
        if (r.command() == null) {
          outcomes[i] = new Outcome(Journal.NO_INDEX, List.of()); // a catch-up: done above
          continue;
        }
        List<Event> decided = new ArrayList<>();
        try {
          for (StagedBody body : r.bodies()) {
            body.awaitDurable(); // durable already: execute waited (this only returns)
          }
          long index =
              journal.write(
                  r.author(),
                  new Journal.Decision() {
                    @Override
                    public List<? extends Event> decide() {
                      // Under the journal lock: whatever another process wrote since the batch
                      // began is applied before deciding (usually nothing: one look at the end).
                      long before = writer.stamp();
                      projections.catchUp(journal, writer, Long.MAX_VALUE);
                      long now = writer.stamp();
                      layoutChanged |= now != before;
                      if (now != covering) {
                        // another's commit (or what a catch-up that failed applied of it): said
                        // before covering says it covers it
                        unansweredAbove = MIXED;
                      }
                      covering = now;
                      DecisionContext ctx = contexts.apply(writer.view());
                      List<Event> events = r.command().decide(ctx);
                      MoveLock.check(ctx.state(), r.command(), events);
                      decided.addAll(events);
                      return decided;
                    }

                    @Override
                    public void written(Commit commit) {
                      // Applied as written; the cursor steps past it, so it stays at the end.
                      projections.applyWritten(journal, writer, commit);
                      covering = writer.stamp();
                      if (!layoutChanged) {
                        for (Event e : commit.events()) {
                          layoutChanged |= !(e instanceof MessageEvent);
                        }
                      }
                    }
                  });
          outcomes[i] = new Outcome(index, index == Journal.NO_INDEX ? List.of() : decided);
          last = index == Journal.NO_INDEX ? last : index;
        } catch (IOException e) {
          failures[i] = new UncheckedIOException(BODY_NOT_STORED, e);
        } catch (RuntimeException | Error e) {
          failures[i] = e;
        }
      }
      writer.commit();
      ownStamp = covering;
    } catch (RuntimeException | Error e) {
      ownStamp = Long.MIN_VALUE;
      layoutChanged = true;
      // Projections are a cache: commits already written stay the truth and are applied by the
      // next catch-up. Only commands not yet decided fail.
      for (int i = 0; i < batch.size(); i++) {
        if (outcomes[i] == null && failures[i] == null) {
          failures[i] = e;
        }
      }
    }
    unansweredAbove = MIXED; // before anyone is answered
    // Committed or not, the batch's transaction has ended: readers waiting for it look again.
    synchronized (endedMonitor) {
      ended = Math.max(ended, covering);
      endedMonitor.notifyAll();
    }
    if (layoutChanged) {
      layoutGeneration++; // only this thread writes it
    }
    // A catch-up (a reader's refresh) wrote nothing: it is answered as soon as the projections
    // hold what it read, not after the journal fsync of the commands it shared a batch with. What
    // it makes visible is what any reader of this process sees once the batch's projection
    // transaction is committed; under an LMTP load every RCPT asks for one, and each waited for a
    // journal fsync before. Every other caller is answered with the index the batch wrote up to,
    // and makes it durable before it returns (one of them fsyncs for all).
    if (last != Journal.NO_INDEX) {
      lastWritten = last;
    }
    endWriting();
    // A batch that wrote nothing is answered after the fsync of the batches before it too: its
    // refusals and no-ops may rest on their commits, whose fsync may still be due (their lead has
    // not finished it, or every caller of theirs gave up). The acknowledger thread answered
    // batches in order, which kept this; answered here at once, they could return first.
    long durableAt = last != Journal.NO_INDEX ? last : lastWritten;
    boolean due = durableAt != Journal.NO_INDEX && !journal.isDurable(durableAt);
    List<Reply> waiting = new ArrayList<>(batch.size());
    List<Object> answers = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Request r = batch.get(i);
      Object answer = Reply.answer(outcomes[i], failures[i]);
      if (r.command() == null || !due) {
        r.result().set(answer); // nothing of the batch to make durable first
      } else {
        waiting.add(r.result());
        answers.add(answer);
      }
    }
    // The first caller that has not given up makes the batch durable and answers the rest.
    for (int i = 0; i < waiting.size(); i++) {
      List<Reply> mates = waiting.subList(i + 1, waiting.size());
      if (waiting
          .get(i)
          .lead(answers.get(i), durableAt, mates, answers.subList(i + 1, answers.size()))) {
        break;
      }
    }
  }

  private void failPending() {
    List<Request> left = new ArrayList<>();
    queue.drainTo(left);
    for (Request r : left) {
      if (r != STOP && r != WAKE) {
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
