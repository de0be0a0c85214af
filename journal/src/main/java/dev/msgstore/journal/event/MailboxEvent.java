package dev.msgstore.journal.event;

/** Mailboxes coming into being, moving, and going away. Names are the store's internal form. */
public sealed interface MailboxEvent extends Event {
  long mailboxId();

  record Created(long mailboxId, String name, String partition, long uidValidity)
      implements MailboxEvent {}

  /** A rename, a move to another partition, or both. */
  record Renamed(
      long mailboxId, String oldName, String newName, String oldPartition, String newPartition)
      implements MailboxEvent {}

  /**
   * The mailbox's special uses (RFC 6154: {@code \Sent}, {@code \Drafts}, {@code \Trash}, {@code
   * \Junk}, {@code \Archive}, {@code \All}, {@code \Flagged}) are now {@code uses}, replacing any
   * it had; empty: none.
   */
  record SpecialUseSet(long mailboxId, String name, java.util.List<String> uses)
      implements MailboxEvent {
    public SpecialUseSet {
      uses = java.util.List.copyOf(uses);
    }
  }

  /** The mailbox and everything in it are gone; its messages' bodies become purgeable. */
  record Deleted(long mailboxId, String name) implements MailboxEvent {}
}
