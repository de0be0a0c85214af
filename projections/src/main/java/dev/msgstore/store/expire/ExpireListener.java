package dev.msgstore.store.expire;

/**
 * Where a run's text goes: {@link #report} lines (the report action, for stdout), statistics of the
 * chosen level, progress of a long run (stderr), and warnings. Called from the run's threads, one
 * call at a time.
 */
public interface ExpireListener {
  ExpireListener NONE = new ExpireListener() {};

  /** {@code mailbox uid uidvalidity} of a message a report rule selected. */
  default void report(String line) {}

  /** A statistics line of {@code level} (0 store .. 3 message), given when -v is at least that. */
  default void statistic(int level, String line) {}

  default void progress(String line) {}

  default void warning(String line) {}
}
