package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.body.StoredBody;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.Projections;
import dev.msgstore.store.command.AppendMessage;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DecisionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ordering rule of the pipelined write path (docs/DURABILITY.md, "The order of writes"): a
 * commit is never written before the bodies it names are durable, a command whose body is durable
 * is not held back by another command's body still being fsynced, and a command returns only once
 * its commit is durable. Bodies here become durable when the test says (a {@link StagedBody} whose
 * wait the test releases), so every point of a pipelined batch is reached deterministically: for
 * every order in which four concurrent deliveries' bodies become durable, and at each step, a power
 * cut would find no journal record naming a body that is not durable, and every acknowledged
 * message in the journal, durable.
 */
class PipelinedDeliveryTest {
  private static final Author TEST = Author.of("test", "PipelinedDeliveryTest");
  private static final String INBOX = "user/joe/INBOX";
  private static final long WAIT_SECONDS = 10;

  @TempDir Path root;

  private Journal journal;
  private Projections projections;
  private Sequencer sequencer;
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<GatedBody> gates = new ArrayList<>();
  private int round;

  /** When set, the writer's next decision waits until it is counted down. */
  private volatile CountDownLatch decideGate;

  private final CountDownLatch deciding = new CountDownLatch(1);

  @BeforeEach
  void open() {
    journal = Journal.open(root.resolve("journal"));
    projections = Projections.open(root.resolve("projections"));
    sequencer =
        new Sequencer(
            journal,
            projections,
            state -> {
              CountDownLatch gate = decideGate;
              if (gate != null) {
                decideGate = null; // the next decision only
                deciding.countDown();
                try {
                  gate.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return new DecisionContext(
                  state, 1_000, () -> Partitions.of(root, Map.of()), (partition, d) -> true);
            },
            "test");
    sequencer.start();
    sequencer.execute(TEST, new CreateMailbox(INBOX, null), List.of());
  }

  @AfterEach
  void close() {
    // a writer that waits for a body (the rule broken) must not hang the close
    gates.forEach(g -> g.durable.completeExceptionally(new IOException("test over")));
    callers.shutdownNow();
    sequencer.close();
    projections.close();
    journal.close();
  }

  /** A body whose fsync the test completes, or fails. */
  private static final class GatedBody {
    final StoredBody body;
    final CompletableFuture<Void> durable = new CompletableFuture<>();
    final java.util.concurrent.CountDownLatch awaited = new java.util.concurrent.CountDownLatch(1);

    GatedBody(String text) {
      byte[] b = text.getBytes(StandardCharsets.US_ASCII);
      this.body = new StoredBody(Digest.sha256(b), b.length, false);
    }

    StagedBody staged() {
      return StagedBody.pending(
          body,
          () -> {
            awaited.countDown();
            try {
              durable.get();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
              throw new IOException("fsync failed", e.getCause());
            }
          });
    }
  }

  private Future<Long> deliver(GatedBody g) {
    gates.add(g);
    AppendMessage append =
        new AppendMessage(
            INBOX,
            g.body.digest(),
            g.body.size(),
            0,
            0,
            0,
            Set.of(),
            List.of(),
            "<" + g.body.digest().hex() + ">",
            false,
            false,
            null);
    return callers.submit(() -> sequencer.execute(TEST, append, List.of(g.staged())).index());
  }

  /** Every body an Appended event of the journal names, with its commit's index. */
  private Map<Digest, Long> named() {
    Map<Digest, Long> named = new HashMap<>();
    journal.replay(
        Journal.NO_INDEX,
        c ->
            c.events().stream()
                .filter(MessageEvent.Appended.class::isInstance)
                .map(MessageEvent.Appended.class::cast)
                .forEach(a -> named.put(a.digest(), c.index())));
    return named;
  }

  /**
   * What a power cut now would find: no record names a body that is not durable (any record written
   * may have reached the disk, fsynced or not), and every acknowledged message has its commit in
   * the journal, durable, naming its body.
   */
  private void assertCrashSafe(
      List<GatedBody> bodies, Set<GatedBody> durable, Map<GatedBody, Long> acknowledged) {
    Map<Digest, Long> named = named();
    for (GatedBody g : bodies) {
      if (!durable.contains(g)) {
        assertFalse(
            named.containsKey(g.body.digest()),
            "round " + round + ": a commit names a body whose fsync has not returned");
      }
    }
    acknowledged.forEach(
        (g, index) -> {
          assertTrue(durable.contains(g), "acknowledged before its body was durable");
          assertEquals(index, named.get(g.body.digest()), "an acknowledged message is missing");
          assertTrue(journal.isDurable(index), "acknowledged before its commit was fsynced");
        });
  }

  @Test
  void inEveryOrderOfBodyFsyncsNoCommitPrecedesItsBodyAndNoneWaitsForAnother() throws Exception {
    for (List<Integer> order : permutations(List.of(0, 1, 2, 3))) {
      round++;
      List<GatedBody> bodies = new ArrayList<>();
      List<Future<Long>> replies = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        GatedBody g = new GatedBody("round " + round + " message " + i);
        bodies.add(g);
        replies.add(deliver(g)); // all four in flight at once, their bodies not yet durable
      }
      Set<GatedBody> durable = new HashSet<>();
      Map<GatedBody, Long> acknowledged = new HashMap<>();
      assertCrashSafe(bodies, durable, acknowledged);
      for (int i : order) {
        GatedBody g = bodies.get(i);
        durable.add(g);
        g.durable.complete(null); // this body's fsync returns
        assertCrashSafe(bodies, durable, acknowledged); // whatever the writer has done by now
        long index;
        try {
          index = replies.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError(
              "round " + round + ": a delivery whose body is durable waits for another's", e);
        }
        acknowledged.put(g, index);
        assertCrashSafe(bodies, durable, acknowledged);
      }
    }
  }

  @Test
  void aBodyWhoseFsyncFailsIsNamedByNoCommitAndHoldsNoOtherBack() throws Exception {
    GatedBody failing = new GatedBody("fails");
    GatedBody other = new GatedBody("other");
    Future<Long> failed = deliver(failing);
    Future<Long> stored = deliver(other);
    other.durable.complete(null);
    long index = stored.get(WAIT_SECONDS, TimeUnit.SECONDS);
    failing.durable.completeExceptionally(new IOException("EIO"));
    try {
      failed.get(WAIT_SECONDS, TimeUnit.SECONDS);
      fail("a delivery whose body could not be stored was acknowledged");
    } catch (ExecutionException e) {
      assertInstanceOf(UncheckedIOException.class, e.getCause());
    }
    Map<Digest, Long> named = named();
    assertFalse(named.containsKey(failing.body.digest()));
    assertEquals(index, named.get(other.body.digest()));
    assertTrue(journal.isDurable(index));
  }

  @Test
  void aDeliveryWhoseBodyIsBeingFsyncedWhenTheStoreClosesFailsRatherThanHangs() throws Exception {
    GatedBody g = new GatedBody("late");
    Future<Long> reply = deliver(g);
    assertTrue(g.awaited.await(WAIT_SECONDS, TimeUnit.SECONDS));
    sequencer.close(); // the writer stops while the caller still waits for its body's fsync
    g.durable.complete(null);
    try {
      reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
      fail("a command was acknowledged by a closed store");
    } catch (ExecutionException e) {
      assertInstanceOf(IllegalStateException.class, e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the delivery hangs: the stopped writer never answers it", e);
    }
    assertFalse(named().containsKey(g.body.digest()));
  }

  /**
   * A command that writes nothing (here a refusal) may rest on a commit of an earlier batch whose
   * journal fsync is still due: it is answered only once that commit is durable. Here every caller
   * of that earlier batch gave up (interrupted), so nobody of theirs runs its fsync; before, the
   * batch that wrote nothing was answered at once, telling "exists" of a mailbox a power cut would
   * lose.
   */
  @Test
  void aRefusalRestingOnAnEarlierBatchIsAnsweredOnlyOnceThatBatchIsDurable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    decideGate = release;
    // The writer holds in the decision of a command that writes nothing (INBOX exists already).
    Future<Long> held =
        callers.submit(
            () -> sequencer.execute(TEST, new CreateMailbox(INBOX, null), List.of()).index());
    assertTrue(deciding.await(WAIT_SECONDS, TimeUnit.SECONDS));
    long before = journal.lastIndex();
    String other = "user/joe/other";
    List<Throwable> gaveUp = new ArrayList<>();
    Thread quitter =
        new Thread(
            () -> {
              try {
                sequencer.execute(TEST, new CreateMailbox(other, null), List.of());
              } catch (RuntimeException e) {
                gaveUp.add(e);
              }
            });
    quitter.start();
    awaitQueued(1);
    quitter.interrupt(); // it gives up before the writer answers it: nobody will lead its batch
    quitter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertEquals(1, gaveUp.size(), "the interrupted caller returned without giving up");
    release.countDown();
    try {
      held.get(WAIT_SECONDS, TimeUnit.SECONDS);
      fail("creating an existing mailbox was not refused");
    } catch (ExecutionException e) {
      // refused
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (journal.lastIndex() == before && System.nanoTime() < deadline) {
      Thread.sleep(1); // the given-up command is written all the same
    }
    long written = journal.lastIndex();
    assertTrue(written != before, "the given-up command was never written");
    assertFalse(journal.isDurable(written), "nothing ran the fsync of the given-up batch");
    try {
      sequencer.execute(TEST, new CreateMailbox(other, null), List.of());
      fail("creating an existing mailbox was not refused");
    } catch (RuntimeException refused) {
      assertTrue(
          journal.isDurable(written),
          "refused as existing before the commit that created it was durable");
    }
  }

  /**
   * The writer answers a batch through one caller that has not given up: a caller interrupted
   * before its answer is passed over, and the next of its batch makes the whole batch durable (the
   * one given up included) before returning; it neither hangs nor returns first.
   */
  @Test
  void aCallerWhoGaveUpIsPassedOverAndTheNextOfItsBatchMakesTheBatchDurable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    decideGate = release;
    Future<Long> held =
        callers.submit(
            () -> sequencer.execute(TEST, new CreateMailbox(INBOX, null), List.of()).index());
    assertTrue(deciding.await(WAIT_SECONDS, TimeUnit.SECONDS)); // the writer holds in a decision
    List<Throwable> gaveUp = new ArrayList<>();
    Thread quitter =
        new Thread(
            () -> {
              try {
                sequencer.execute(TEST, new CreateMailbox("user/joe/first", null), List.of());
              } catch (RuntimeException e) {
                gaveUp.add(e);
              }
            });
    quitter.start();
    awaitQueued(1);
    Future<long[]> second =
        callers.submit(
            () -> {
              long index =
                  sequencer
                      .execute(TEST, new CreateMailbox("user/joe/second", null), List.of())
                      .index();
              return new long[] {index, journal.isDurable(index) ? 1 : 0};
            });
    awaitQueued(2); // both in the next batch, the one giving up first
    quitter.interrupt();
    quitter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertEquals(1, gaveUp.size(), "the interrupted caller returned without giving up");
    release.countDown();
    try {
      held.get(WAIT_SECONDS, TimeUnit.SECONDS);
      fail("creating an existing mailbox was not refused");
    } catch (ExecutionException e) {
      // refused
    }
    long[] answered;
    try {
      answered = second.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the batch's other caller hangs: nobody answered it", e);
    }
    assertTrue(answered[0] != Journal.NO_INDEX);
    assertEquals(
        1, answered[1], "acknowledged before its commit (and the given-up one) was fsynced");
  }

  private void awaitQueued(int commands) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (sequencer.queued() < commands) {
      assertTrue(System.nanoTime() < deadline, "the commands never reached the writer");
      Thread.sleep(1);
    }
  }

  private static List<List<Integer>> permutations(List<Integer> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<Integer>> all = new ArrayList<>();
    for (Integer first : items) {
      List<Integer> rest = new ArrayList<>(items);
      rest.remove(first);
      for (List<Integer> p : permutations(rest)) {
        List<Integer> with = new ArrayList<>();
        with.add(first);
        with.addAll(p);
        all.add(with);
      }
    }
    return all;
  }
}
