package dev.msgstore.store.purge;

import java.util.List;

/**
 * What one purge pass did.
 *
 * @param mailboxes the mailboxes purged, each with the messages it lost for good
 * @param partitions per partition, the body space reclaimed
 * @param stillExpunged expunged messages left, not yet due
 * @param nextDueMicros when the first of them comes due (0 when none is left)
 */
public record PurgeReport(
    List<MailboxPurged> mailboxes,
    List<Reclaimed> partitions,
    long stillExpunged,
    long nextDueMicros) {

  public PurgeReport {
    mailboxes = List.copyOf(mailboxes);
    partitions = List.copyOf(partitions);
  }

  /** One mailbox's purge commit: {@code messages} purged for good. */
  public record MailboxPurged(String mailbox, long messages) {}

  /**
   * One partition's compaction: segment bytes on disk before and after, bodies the index held
   * before and after.
   */
  public record Reclaimed(
      String partition, long diskBefore, long diskAfter, long bodiesBefore, long bodiesAfter) {
    public long bytes() {
      return diskBefore - diskAfter;
    }
  }

  public long messages() {
    return mailboxes.stream().mapToLong(MailboxPurged::messages).sum();
  }

  public long reclaimedBytes() {
    return partitions.stream().mapToLong(Reclaimed::bytes).sum();
  }
}
