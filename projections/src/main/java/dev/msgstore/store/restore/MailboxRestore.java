package dev.msgstore.store.restore;

/**
 * What a restore did (or, in a dry run, would do) to one mailbox, counted from the events of its
 * commit. {@code restoredFrom}: the name at the instant ({@code mailbox} differs with {@code
 * --into}); {@code created}: the mailbox came back, with {@code uidValidity} its new UIDVALIDITY;
 * {@code deleted}: it did not exist at the instant. {@code index}: the commit's journal index (-1:
 * none written).
 */
public record MailboxRestore(
    String mailbox,
    String restoredFrom,
    boolean created,
    boolean deleted,
    long uidValidity,
    int messagesBack,
    int expunged,
    int flagsSetBack,
    int aclChanges,
    int subscriptionChanges,
    long index) {

  public boolean changed() {
    return created
        || deleted
        || messagesBack + expunged + flagsSetBack + aclChanges + subscriptionChanges > 0;
  }
}
