package dev.msgstore.journal.body;

import java.io.IOException;

/**
 * Which bodies compaction keeps. {@link #isLive} judges from what the caller read; {@link
 * #exclusively} runs the step that drops bodies for good while no commit can come to name one (the
 * journal's write lock), after bringing the judgement up to date, so a body a commit named between
 * the two is seen live there. A compaction that finds a body it was about to drop live again keeps
 * that segment whole for this round.
 */
public interface Liveness {
  boolean isLive(Digest digest);

  /** Runs {@code step} while no commit can name a body, with {@link #isLive} up to date. */
  void exclusively(Step step) throws IOException;

  /** The part of a compaction that must not race a commit. */
  @FunctionalInterface
  interface Step {
    void run() throws IOException;
  }

  /** A judgement that nothing can change meanwhile (no writer: tests, repairs under their lock). */
  static Liveness of(java.util.function.Predicate<Digest> isLive) {
    return new Liveness() {
      @Override
      public boolean isLive(Digest digest) {
        return isLive.test(digest);
      }

      @Override
      public void exclusively(Step step) throws IOException {
        step.run();
      }
    };
  }
}
