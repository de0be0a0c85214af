package dev.msgstore.commands.imsbackup;

import java.util.List;

/**
 * What {@code imsbackup} wrote.
 *
 * @param file where ({@code -} for standard output)
 * @param journalIndex the journal index the backed-up state covers
 * @param sinceMicros 0 for a full backup; else the time an incremental starts from
 * @param mailboxes the names of the mailboxes written, in stream order
 * @param bodyBytes the messages' bytes
 * @param streamBytes the stream's bytes before compression
 */
public record BackupReport(
    String file,
    long journalIndex,
    long sinceMicros,
    long users,
    List<String> mailboxes,
    long messages,
    long bodyBytes,
    long streamBytes) {
  public BackupReport {
    mailboxes = List.copyOf(mailboxes);
  }
}
