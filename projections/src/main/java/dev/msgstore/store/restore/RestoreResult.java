package dev.msgstore.store.restore;

import java.time.Instant;
import java.util.List;

/**
 * A point-in-time restore: the instant, how many journal commits were replayed to see the store as
 * it was then, each mailbox's change (in the order of the commits) and the messages that could not
 * come back.
 */
public record RestoreResult(
    Instant at,
    long commitsReplayed,
    List<MailboxRestore> mailboxes,
    List<LostMessage> lost,
    boolean dryRun) {
  public RestoreResult {
    mailboxes = List.copyOf(mailboxes);
    lost = List.copyOf(lost);
  }

  public long changed() {
    return mailboxes.stream().filter(MailboxRestore::changed).count();
  }
}
