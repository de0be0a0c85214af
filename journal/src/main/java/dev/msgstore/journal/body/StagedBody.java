package dev.msgstore.journal.body;

import java.io.IOException;

/**
 * A body appended to its segment but perhaps not yet on disk. Whoever commits something that names
 * it must call {@link #awaitDurable()} first; many staged bodies then share one fsync, taken by the
 * first caller for all of them.
 */
public final class StagedBody {
  /** Waits until the body's record is durable; throws if it cannot be made so. */
  @FunctionalInterface
  public interface Wait {
    void await() throws IOException;
  }

  /** A wait that may hand {@code then} to the thread that makes the body durable. */
  @FunctionalInterface
  interface HandingWait {
    void await(Runnable then) throws IOException;
  }

  private final StoredBody body;
  private final HandingWait wait;

  StagedBody(StoredBody body, Wait wait) {
    this.body = body;
    this.wait =
        then -> {
          wait.await();
          if (then != null) {
            then.run();
          }
        };
  }

  private StagedBody(StoredBody body, HandingWait wait) {
    this.body = body;
    this.wait = wait;
  }

  /** A body whose group-commit leader may run a waiter's continuation ({@link #awaitDurable}). */
  static StagedBody handing(StoredBody body, HandingWait wait) {
    return new StagedBody(body, wait);
  }

  /**
   * A body that another component makes durable: {@code wait} returns once it is (a body store of
   * another kind, or a test standing in for a slow or failing fsync).
   */
  public static StagedBody pending(StoredBody body, Wait wait) {
    return new StagedBody(body, wait);
  }

  /** A body that is durable already (stored earlier, or deduplicated against a stored one). */
  public static StagedBody durable(StoredBody body) {
    return new StagedBody(body, () -> {});
  }

  public StoredBody body() {
    return body;
  }

  /** Returns once the body is durable; throws if storing it failed (then nothing may name it). */
  public void awaitDurable() throws IOException {
    wait.await(null);
  }

  /**
   * As {@link #awaitDurable()}, then runs {@code then} exactly once, unless storing the body failed
   * (then this throws and {@code then} never runs). It runs on this thread, or on the thread whose
   * fsync made the body durable: that thread then does not wake this one, which may stay parked (in
   * {@link java.util.concurrent.locks.LockSupport#park}) until whatever {@code then} started
   * unparks it. So {@code then} must never throw and must lead to a {@code LockSupport.unpark} of
   * this thread. It saves a wake-up per body: the follower of a group commit is woken once, when
   * the work that {@code then} handed on is done, instead of once to hand it on and once more when
   * it is done.
   */
  public void awaitDurable(Runnable then) throws IOException {
    wait.await(then);
  }
}
