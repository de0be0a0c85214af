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

  /** The mailbox and everything in it are gone; its messages' bodies become purgeable. */
  record Deleted(long mailboxId, String name) implements MailboxEvent {}
}
