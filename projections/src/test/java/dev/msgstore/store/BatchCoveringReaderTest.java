package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.Projections;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DecisionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that finds the journal ahead of the committed projections only by the batch this
 * process's writer is writing waits for that batch's end ({@link Sequencer#awaitBatchCovering}),
 * and then sees everything up to the journal's end as it was when it looked; a commit no batch of
 * this writer covers (another process's) is left to a catch-up request.
 */
class BatchCoveringReaderTest {
  private static final Author TEST = Author.of("test", "BatchCoveringReaderTest");

  @TempDir Path root;

  private Journal journal;
  private Projections projections;
  private Sequencer sequencer;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  /** Decisions made so far; a decision whose number has a hold waits until it is released. */
  private final AtomicInteger decisions = new AtomicInteger();

  private final Map<Integer, Hold> holds = new java.util.concurrent.ConcurrentHashMap<>();

  private record Hold(CountDownLatch held, CountDownLatch release) {
    Hold() {
      this(new CountDownLatch(1), new CountDownLatch(1));
    }
  }

  private Hold holdDecision(int number) {
    Hold h = new Hold();
    holds.put(number, h);
    return h;
  }

  @BeforeEach
  void open() {
    journal = Journal.open(root.resolve("journal"));
    projections = Projections.open(root.resolve("projections"));
    sequencer =
        new Sequencer(
            journal,
            projections,
            state -> {
              Hold h = holds.get(decisions.incrementAndGet());
              if (h != null) {
                h.held().countDown();
                try {
                  h.release().await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return new DecisionContext(
                  state, 1_000, () -> Partitions.of(root, Map.of()), (partition, d) -> true);
            },
            "test");
    sequencer.start();
  }

  @AfterEach
  void close() throws Exception {
    holds.values().forEach(h -> h.release().countDown());
    threads.shutdownNow();
    sequencer.close();
    projections.close();
    journal.close();
  }

  private Future<Outcome> create(String mailbox) {
    return threads.submit(
        () -> sequencer.execute(TEST, new CreateMailbox(mailbox, null), List.of()));
  }

  /**
   * A batch being written: user/blocker/INBOX committed and answered before it, then the creations
   * of user/a and user/b drained into it together, the first written and applied, the second's
   * decision held ({@code second}), so that its projection transaction stays open with the first
   * commit in it.
   */
  private record OpenBatch(Hold second, Future<Outcome> a, Future<Outcome> b) {}

  private OpenBatch openBatch() throws Exception {
    sequencer.execute(TEST, new CreateMailbox("user/first/INBOX", null), List.of());
    // The writer is held in a batch of its own first, so that the next two commands are drained
    // into one batch together.
    int before = decisions.get();
    Hold first = holdDecision(before + 1);
    Hold second = holdDecision(before + 3);
    Future<Outcome> blocker = create("user/blocker/INBOX");
    assertTrue(first.held().await(30, TimeUnit.SECONDS));
    Future<Outcome> a = create("user/a/INBOX");
    Future<Outcome> b = create("user/b/INBOX");
    while (sequencer.queued() < 2) {
      Thread.sleep(1);
    }
    first.release().countDown();
    blocker.get(30, TimeUnit.SECONDS);
    assertTrue(second.held().await(30, TimeUnit.SECONDS));
    return new OpenBatch(second, a, b);
  }

  @Test
  void aReaderWaitsForTheBatchBeingWrittenAndSeesItsCommits() throws Exception {
    OpenBatch batch = openBatch();

    // Now the journal ends with one of a/b, which the open batch covers but has not committed.
    long end = journal.lastIndex();
    try (ProjectionReader r = projections.beginRead()) {
      assertTrue(r.stamp() < end, "the projections committed are behind the batch's commit");
    }
    Future<Boolean> waited = threads.submit(() -> sequencer.awaitBatchCovering(end));
    Thread.sleep(50); // it must not return while the batch is open
    assertFalse(waited.isDone(), "returned before the batch's transaction ended");

    batch.second().release().countDown();
    assertTrue(waited.get(30, TimeUnit.SECONDS));
    try (ProjectionReader r = projections.beginRead()) {
      assertTrue(r.stamp() >= end);
      long seen =
          List.of("user/a/INBOX", "user/b/INBOX").stream()
              .filter(m -> r.mailbox(m).isPresent())
              .count();
      assertTrue(seen >= 1, "the commit the reader waited for is visible");
    }
    batch.a().get(30, TimeUnit.SECONDS);
    batch.b().get(30, TimeUnit.SECONDS);
  }

  /**
   * While the batch being written holds only its own commits, none answered yet, a reader at the
   * committed stamp misses nothing acknowledged: {@link Sequencer#onlyUnansweredAbove} says so at
   * once, where {@link Sequencer#awaitBatchCovering} waits for the batch's end.
   */
  @Test
  void aBatchOfItsOwnUnansweredCommitsNeedsNoWait() throws Exception {
    OpenBatch batch = openBatch();

    long end = journal.lastIndex();
    try (ProjectionReader r = projections.beginRead()) {
      assertTrue(r.stamp() < end, "the batch's first commit is written, not committed");
      assertTrue(sequencer.onlyUnansweredAbove(r.stamp(), end));
      assertTrue(r.mailbox("user/blocker/INBOX").isPresent(), "an answered commit is seen");
    }
    assertFalse(
        batch.a().isDone() || batch.b().isDone(),
        "no caller of the batch is answered before its end");
    batch.second().release().countDown();
    batch.a().get(30, TimeUnit.SECONDS);
    batch.b().get(30, TimeUnit.SECONDS);
    try (ProjectionReader r = projections.beginRead()) {
      assertFalse(
          sequencer.onlyUnansweredAbove(r.stamp(), end + 1), "no batch is being written now");
    }
  }

  /**
   * A batch whose projection transaction applied another process's commit is not one of its own
   * commits only: a reader at the stamp before it would miss that commit.
   */
  @Test
  void aBatchHoldingAnotherProcessesCommitIsNotOneOfUnansweredCommits() throws Exception {
    sequencer.execute(TEST, new CreateMailbox("user/first/INBOX", null), List.of());
    long foreign;
    try (Journal other = Journal.open(root.resolve("journal"))) {
      foreign =
          other.append(
              TEST,
              List.of(new MailboxEvent.Created(100, "user/ann/INBOX", "primary", 1_795_860_000L)));
    }
    Hold held = holdDecision(decisions.get() + 1);
    Future<Outcome> a = create("user/a/INBOX");
    assertTrue(held.held().await(30, TimeUnit.SECONDS)); // the batch caught up with it first
    try (ProjectionReader r = projections.beginRead()) {
      assertTrue(r.stamp() < foreign);
      assertFalse(sequencer.onlyUnansweredAbove(r.stamp(), foreign));
    }
    held.release().countDown();
    a.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aCommitOfAnotherProcessIsNotWaitedFor() {
    sequencer.execute(TEST, new CreateMailbox("user/first/INBOX", null), List.of());
    try (Journal other = Journal.open(root.resolve("journal"))) {
      long index =
          other.append(
              TEST,
              List.of(new MailboxEvent.Created(100, "user/ann/INBOX", "primary", 1_795_860_000L)));
      assertFalse(sequencer.awaitBatchCovering(index), "no batch of this writer covers it");
      sequencer.catchUp();
      try (ProjectionReader r = projections.beginRead()) {
        assertEquals(index, r.stamp());
        assertTrue(r.mailbox("user/ann/INBOX").isPresent());
      }
    }
  }
}
