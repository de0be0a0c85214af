package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.BodyCheck;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.CorruptBodyException;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Expunge;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mailbox check: every message's body is re-read and its SHA-256 recomputed ({@link
 * BodyStore#verify}) on a fixed pool of threads. A MISSING or CORRUPT body is restored from a good
 * copy on another partition when one exists; otherwise it is reported and, with {@code -f},
 * expunged (through {@link Store#execute}, so it stays restorable from the expunge ledger should
 * the body turn up) so that clients stop failing on it. In a dry run a restore is decided as if it
 * succeeded, reported on stderr, and not done.
 */
final class MailboxCheck {
  private final Store store;
  private final int threads;
  private final boolean repair;
  private final boolean force;
  private final Author author;

  MailboxCheck(Store store, int threads, boolean repair, boolean force, Author author) {
    this.store = store;
    this.threads = Math.max(1, threads);
    this.repair = repair;
    this.force = force;
    this.author = author;
  }

  BodyReport run(List<MailboxRecord> boxes, PrintWriter err) throws IOException {
    long total = boxes.stream().mapToLong(MailboxRecord::messages).sum();
    Progress progress = new Progress(err, "messages checked", total);
    List<BodyProblem> bad = Collections.synchronizedList(new ArrayList<>());
    AtomicLong done = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Semaphore inFlight = new Semaphore(threads * 64); // bounded: never a million tasks in heap
    try (ProjectionReader r = store.read()) {
      for (MailboxRecord m : boxes) {
        BodyStore bodies = store.bodies(m.partition());
        r.forEachMessage(
            m.id(),
            0,
            msg -> {
              inFlight.acquireUninterruptibly();
              pool.execute(
                  () -> {
                    try {
                      BodyCheck c = bodies.verify(msg.digest());
                      if (c == BodyCheck.OK) {
                        bytes.addAndGet(msg.size());
                      } else {
                        bad.add(
                            new BodyProblem(
                                m.name(), msg.uid(), m.partition(), msg.digest(), c, ""));
                      }
                      progress.at(done.incrementAndGet());
                    } finally {
                      inFlight.release();
                    }
                  });
              return true;
            });
      }
    } finally {
      pool.shutdown();
      inFlight.acquireUninterruptibly(threads * 64); // every task has finished
    }
    Figures f = new Figures("messages", done.get(), bytes.get(), System.nanoTime() - start);
    return settle(boxes.size(), bad, f, err);
  }

  /** Decides, for each bad body in mailbox/uid order, what can be done, and does it. */
  private BodyReport settle(int mailboxes, List<BodyProblem> found, Figures f, PrintWriter err)
      throws IOException {
    List<BodyProblem> sorted = new ArrayList<>(found);
    sorted.sort(
        (a, b) ->
            a.mailbox().equals(b.mailbox())
                ? Long.compare(a.uid(), b.uid())
                : a.mailbox().compareTo(b.mailbox()));
    List<BodyProblem> out = new ArrayList<>();
    Map<String, List<Long>> toExpunge = new LinkedHashMap<>();
    int repaired = 0;
    for (BodyProblem p : sorted) {
      String copy = goodCopy(p);
      String outcome;
      if (copy == null) {
        if (repair && force) {
          toExpunge.computeIfAbsent(p.mailbox(), k -> new ArrayList<>()).add(p.uid());
          outcome = "no good copy on any partition: expunged (-f)";
        } else {
          outcome =
              "no good copy on any partition: not repaired"
                  + (repair ? " (-f expunges it)" : " (-n)");
        }
      } else if (!repair) {
        outcome = "a good copy is on partition " + copy + ": not repaired (-n)";
      } else if (restore(p, copy, err)) {
        outcome = "restored from partition " + copy;
        repaired++;
      } else {
        // BodyStore.restore wrote a fresh record, but it still does not verify (the copy went bad
        // on the way, or the partition cannot be written): the message stays damaged.
        outcome =
            "a good copy is on partition "
                + copy
                + " but the damaged record cannot be replaced in place: not repaired"
                + (force ? "" : " (-f expunges it)");
        if (force) {
          toExpunge.computeIfAbsent(p.mailbox(), k -> new ArrayList<>()).add(p.uid());
          outcome =
              "a good copy is on partition "
                  + copy
                  + " but the damaged record cannot be replaced in place: expunged (-f)";
        }
      }
      out.add(new BodyProblem(p.mailbox(), p.uid(), p.partition(), p.digest(), p.check(), outcome));
    }
    int expunged = 0;
    for (Map.Entry<String, List<Long>> e : toExpunge.entrySet()) {
      store.execute(author, new Expunge(e.getKey(), e.getValue()));
      expunged += e.getValue().size();
    }
    return new BodyReport(mailboxes, f, out, repaired, expunged, out.size() - repaired - expunged);
  }

  private String goodCopy(BodyProblem p) {
    for (String other : store.partitions().paths().keySet()) {
      if (!other.equals(p.partition())
          && store.bodies(other).contains(p.digest())
          && store.bodies(other).verify(p.digest()) == BodyCheck.OK) {
        return other;
      }
    }
    return null;
  }

  private boolean restore(BodyProblem p, String from, PrintWriter err) throws IOException {
    if (store.isDryRun()) {
      CliContext.wouldHave(
          err,
          "restore body "
              + p.digest().hex()
              + " ("
              + p.mailbox()
              + " uid "
              + p.uid()
              + ") on partition "
              + p.partition()
              + " from partition "
              + from);
      return true;
    }
    BodyStore target = store.bodies(p.partition());
    try (InputStream in = store.bodies(from).open(p.digest())) {
      if (!target.restore(in).digest().equals(p.digest())) {
        return false;
      }
    } catch (UncheckedIOException | CorruptBodyException e) {
      return false; // the good copy went bad since goodCopy checked it
    }
    return target.verify(p.digest()) == BodyCheck.OK;
  }

  /** Counts, bytes and uidNext of the mailbox record against its messages. */
  static List<String> inconsistencies(ProjectionReader r, List<MailboxRecord> boxes) {
    List<String> out = new ArrayList<>();
    for (MailboxRecord m : boxes) {
      long[] sum = new long[3]; // messages, bytes, highest uid
      r.forEachMessage(
          m.id(),
          0,
          (MessageRecord msg) -> {
            sum[0]++;
            sum[1] += msg.size();
            sum[2] = Math.max(sum[2], msg.uid());
            return true;
          });
      if (sum[0] != m.messages() || sum[1] != m.bytes() || sum[2] >= m.uidNext()) {
        out.add(
            m.name()
                + ": the index says "
                + m.messages()
                + " messages, "
                + m.bytes()
                + " bytes, uidNext "
                + m.uidNext()
                + "; its messages are "
                + sum[0]
                + ", "
                + sum[1]
                + " bytes, highest uid "
                + sum[2]);
      }
    }
    return out;
  }
}
