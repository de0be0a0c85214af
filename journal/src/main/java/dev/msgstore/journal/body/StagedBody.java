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

  private final StoredBody body;
  private final Wait wait;

  StagedBody(StoredBody body, Wait wait) {
    this.body = body;
    this.wait = wait;
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
    wait.await();
  }
}
