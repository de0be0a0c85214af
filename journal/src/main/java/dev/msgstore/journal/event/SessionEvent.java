package dev.msgstore.journal.event;

/** What users did in sessions that other tools report on (readership). */
public sealed interface SessionEvent extends Event {
  /** A user other than the owner opened a shared mailbox; the time is the commit's. */
  record SharedMailboxAccessed(long mailboxId, String userId) implements SessionEvent {}
}
