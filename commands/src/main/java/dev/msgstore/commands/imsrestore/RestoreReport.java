package dev.msgstore.commands.imsrestore;

import dev.msgstore.store.backup.Restore.RestoredMailbox;
import java.util.List;

/**
 * What {@code imsrestore} did, or with {@code -t}, {@code -h} or {@code -D} what it read.
 *
 * @param complete whether the stream was read to a trailer that matched it
 * @param mailboxes each backed-up mailbox met: where it went, or why not ({@code -t}: listed)
 * @param accounts the accounts restored
 * @param stoppedIn the mailbox the restore stopped in when the stream failed (null: it did not)
 */
public record RestoreReport(
    String host,
    long createdMicros,
    long journalIndex,
    long sinceMicros,
    boolean complete,
    List<RestoredMailbox> mailboxes,
    List<String> accounts,
    long messages,
    long bytes,
    String stoppedIn) {
  public RestoreReport {
    mailboxes = List.copyOf(mailboxes);
    accounts = List.copyOf(accounts);
  }
}
