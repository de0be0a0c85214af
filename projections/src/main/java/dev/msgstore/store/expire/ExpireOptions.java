package dev.msgstore.store.expire;

import dev.msgstore.journal.Author;
import java.time.Clock;
import java.time.Duration;

/**
 * How an expire run goes (imexpire's options).
 *
 * @param trial {@code -n}: decide and report, write nothing anywhere
 * @param verbosity {@code -v}: 0 store, 1 user, 2 mailbox, 3 message statistics
 * @param threads {@code -t}: threads of this run
 * @param threadsPerPartition {@code -r}: of those, at most this many on one partition at a time
 * @param user {@code -u}: this user's mailboxes only, or null
 * @param partition {@code -p}: the mailboxes on this partition only, or null
 * @param maxRules {@code -m}: the most rules one mailbox's policy may have
 * @param progressEvery how often a long run says how far it is (on the listener's progress)
 * @param by who asked: named in each commit's origin beside the rules (the actor is imexpire)
 * @param clock the run's "now": ages are measured from one instant for the whole run
 */
public record ExpireOptions(
    boolean trial,
    int verbosity,
    int threads,
    int threadsPerPartition,
    String user,
    String partition,
    int maxRules,
    Duration progressEvery,
    Author by,
    Clock clock) {
  public static final int DEFAULT_THREADS = 50;
  public static final int DEFAULT_THREADS_PER_PARTITION = 1;
  public static final int DEFAULT_MAX_RULES = 128;

  public ExpireOptions {
    if (threads < 1 || threadsPerPartition < 1) {
      throw new IllegalArgumentException("thread counts must be 1 or more");
    }
    if (verbosity < 0 || verbosity > 3) {
      throw new IllegalArgumentException("verbosity is 0 to 3");
    }
  }

  /** The reference's defaults, for every user, as {@code by}. */
  public static ExpireOptions defaults(Author by) {
    return new ExpireOptions(
        false,
        0,
        DEFAULT_THREADS,
        DEFAULT_THREADS_PER_PARTITION,
        null,
        null,
        DEFAULT_MAX_RULES,
        Duration.ofSeconds(10),
        by,
        Clock.systemUTC());
  }
}
