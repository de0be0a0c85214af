package dev.msgstore.store.expire;

import java.util.List;

/**
 * What a run did (or, in a trial, would do).
 *
 * @param mailboxesChanged the mailboxes it expired messages from, with what and why
 * @param failures one line per mailbox it could not commit (it went on with the others)
 */
public record ExpireReport(
    boolean trial,
    long users,
    long mailboxes,
    long examined,
    long discarded,
    long filed,
    long reported,
    long leftByArchive,
    long commits,
    List<MailboxExpiry> mailboxesChanged,
    List<String> failures,
    long elapsedNanos) {
  public ExpireReport {
    mailboxesChanged = List.copyOf(mailboxesChanged);
    failures = List.copyOf(failures);
  }

  public long expired() {
    return discarded + filed + reported;
  }

  /** Messages examined per second of the run. */
  public double examinedPerSecond() {
    return elapsedNanos == 0 ? 0 : examined * 1e9 / elapsedNanos;
  }

  /** The store-level statistics line (-v 0). */
  public String line() {
    return String.format(
        java.util.Locale.ROOT,
        "imexpire%s: %d users, %d mailboxes, %d messages examined; %s%d expired: %d discarded,"
            + " %d filed, %d reported%s; %d commits in %.3f s",
        trial ? " (trial run, nothing written)" : "",
        users,
        mailboxes,
        examined,
        trial ? "would have " : "",
        expired(),
        discarded,
        filed,
        reported,
        leftByArchive > 0 ? ", " + leftByArchive + " left (archive is deprecated)" : "",
        commits,
        elapsedNanos / 1e9);
  }

  /** One message a rule selected. {@code target} is the fileinto folder, else null. */
  public record Expired(long uid, String rule, String action, String target, String why) {}

  /** One mailbox's expired messages, one commit's worth (none in a trial run). */
  public record MailboxExpiry(String mailbox, long uidValidity, List<Expired> messages) {
    public MailboxExpiry {
      messages = List.copyOf(messages);
    }
  }
}
