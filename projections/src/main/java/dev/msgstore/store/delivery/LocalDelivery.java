package dev.msgstore.store.delivery;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.StoredBody;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.MessageHeaders;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.delivery.Refusal.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Puts one message into the mailboxes of its {@link Target}s: the body once per partition, then one
 * append per target (one commit each, so one recipient's failure does not touch the others), issued
 * in parallel so that they share the store's group commit. A result is returned only once its
 * commit is durable. {@code deliver} and LMTP both come through here.
 */
public final class LocalDelivery {
  /** Appends in flight at once for one message: enough to fill the store's commit batches. */
  private static final int PARALLEL = 64;

  private final Store store;
  private final Author author;

  public LocalDelivery(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  /** A target with the body its copy uses, stored in {@code partition}. */
  public record Stored(Target target, String partition, StoredBody body) {}

  /**
   * Delivers {@code message} (whose header {@code headers} describes) to every target with the
   * flags, keywords and quota choice of {@code copy}; the results are in the targets' order. One
   * target whose folder cannot vanish meanwhile takes the store's shortest path (its body's sync
   * shared with the commit batch).
   */
  public List<Result> deliver(
      List<Target> targets, InputStream message, MessageHeaders headers, AppendOptions copy)
      throws IOException {
    if (targets.size() == 1 && !targets.get(0).fallback()) {
      Target t = targets.get(0);
      Reading in = new Reading(message);
      try {
        Outcome o = store.append(author, t.mailbox(), in, headers, options(copy, t, t.create()));
        return List.of(delivered(t, t.mailbox(), o));
      } catch (IOException | RuntimeException | InternalError e) {
        in.rethrow(); // the message could not be read: that is the caller's, not the recipient's
        if (e instanceof InternalError && !diskFull(e)) {
          throw e;
        }
        return List.of(failed(t, t.mailbox(), e));
      }
    }
    return appendAll(store(targets, message), headers, copy);
  }

  /** The message as the store reads it, remembering a failure to read it. */
  private static final class Reading extends java.io.FilterInputStream {
    private IOException readFailure;
    private RuntimeException readError;

    Reading(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        readFailure = e;
        throw e;
      } catch (RuntimeException e) {
        readError = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        readFailure = e;
        throw e;
      } catch (RuntimeException e) {
        readError = e;
        throw e;
      }
    }

    void rethrow() throws IOException {
      if (readFailure != null) {
        throw readFailure;
      }
      if (readError != null) {
        throw readError;
      }
    }
  }

  /**
   * Stores the body once in each partition a target lives on: from {@code message}, then copied.
   */
  public List<Stored> store(List<Target> targets, InputStream message) throws IOException {
    Map<String, StoredBody> byPartition = new LinkedHashMap<>();
    String first = null;
    List<Stored> out = new ArrayList<>(targets.size());
    for (Target t : targets) {
      String partition = t.partition() != null ? t.partition() : store.partitionOf(t.mailbox());
      StoredBody body = byPartition.get(partition);
      if (body == null) {
        if (first == null) {
          body = store.putBody(partition, message);
          first = partition;
        } else {
          body = store.copyBody(byPartition.get(first), first, partition);
        }
        byPartition.put(partition, body);
      }
      out.add(new Stored(t, partition, body));
    }
    return out;
  }

  /** Appends every stored copy, in parallel; the results are in {@code stored}'s order. */
  public List<Result> appendAll(List<Stored> stored, MessageHeaders headers, AppendOptions copy) {
    if (stored.size() == 1) {
      return List.of(append(stored.get(0), headers, copy));
    }
    int threads = Math.min(stored.size(), PARALLEL);
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, Thread.ofVirtual().name("deliver-", 0).factory());
    try {
      List<Future<Result>> pending = new ArrayList<>(stored.size());
      for (Stored s : stored) {
        pending.add(pool.submit(() -> append(s, headers, copy)));
      }
      List<Result> done = new ArrayList<>(stored.size());
      for (int i = 0; i < stored.size(); i++) {
        done.add(await(stored.get(i).target(), pending.get(i)));
      }
      return done;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Appends one copy, to the target's mailbox, or to INBOX when its folder was deleted since it was
   * looked up; never throws (but an {@link InternalError} that is not a full disk): a failure is
   * the recipient's.
   */
  public Result append(Stored s, MessageHeaders headers, AppendOptions copy) {
    Target t = s.target();
    String mailbox = t.mailbox();
    try {
      Outcome o;
      try {
        o =
            store.appendStored(
                author, mailbox, s.partition(), s.body(), headers, options(copy, t, t.create()));
      } catch (Rejected gone) {
        if (gone.kind() != Rejected.Kind.NOT_FOUND || !t.fallback()) {
          throw gone;
        }
        mailbox = MailboxNames.inboxOf(t.user()); // the folder was deleted meanwhile
        o =
            store.appendStored(
                author, mailbox, s.partition(), s.body(), headers, options(copy, t, true));
      }
      return delivered(t, mailbox, o);
    } catch (IOException | UncheckedIOException e) {
      return failed(t, mailbox, e);
    } catch (RuntimeException | InternalError e) {
      // InternalError: a mapped journal write that faulted on a full disk (retried later)
      if (e instanceof InternalError && !diskFull(e)) {
        throw e;
      }
      return failed(t, mailbox, e);
    }
  }

  private static AppendOptions options(AppendOptions copy, Target t, boolean create) {
    return new AppendOptions(
        copy.flags(),
        copy.keywords(),
        copy.internalDate(),
        create,
        copy.ignoreQuota(),
        t.partition());
  }

  private static Delivered delivered(Target t, String mailbox, Outcome o) {
    return new Delivered(t.user(), mailbox, o.eventsOf(MessageEvent.Appended.class).get(0).uid());
  }

  private static Refusal failed(Target t, String mailbox, Throwable e) {
    boolean quota = e instanceof Rejected r && r.kind() == Rejected.Kind.OVER_QUOTA;
    return new Refusal(t.user(), mailbox, quota ? Reason.OVER_QUOTA : Reason.FAILED, message(e), e);
  }

  private static Result await(Target t, Future<Result> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Refusal(t.user(), t.mailbox(), Reason.FAILED, "interrupted", e);
    } catch (ExecutionException e) {
      return failed(t, t.mailbox(), e.getCause());
    }
  }

  /**
   * Whether {@code e} is (or was caused by) a disk with no room left: ENOSPC, or the fault a write
   * through a mapped file raises when its page cannot be backed.
   */
  static boolean diskFull(Throwable e) {
    for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null
          && (m.contains("No space left on device")
              || (c instanceof InternalError && m.contains("unsafe memory access")))) {
        return true;
      }
    }
    return false;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ');
  }
}
