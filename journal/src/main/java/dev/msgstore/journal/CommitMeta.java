package dev.msgstore.journal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Who made a commit, when, and with what: the audit half of every journal document.
 *
 * @param timeMicros microseconds since the epoch
 * @param actor the OS user, IMAP login or script name
 * @param origin the command line or protocol command that caused the commit
 */
public record CommitMeta(long timeMicros, String actor, String origin, String host, long pid) {
  public Instant time() {
    return Instant.EPOCH.plus(timeMicros, java.time.temporal.ChronoUnit.MICROS);
  }

  /** The metadata of a commit {@code author} makes at {@code timeMicros}. */
  public static CommitMeta of(long timeMicros, Author author) {
    return new CommitMeta(timeMicros, author.actor(), author.origin(), author.host(), author.pid());
  }

  public static long micros(Instant t) {
    return TimeUnit.SECONDS.toMicros(t.getEpochSecond()) + t.getNano() / 1000;
  }
}
