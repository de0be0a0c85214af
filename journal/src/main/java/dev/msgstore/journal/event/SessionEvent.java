package dev.msgstore.journal.event;

/** What users did in sessions that other tools report on (readership). */
public sealed interface SessionEvent extends Event {
  /** A user other than the owner opened a shared mailbox; the time is the commit's. */
  record SharedMailboxAccessed(long mailboxId, String userId) implements SessionEvent {}

  /**
   * The last access of a user to a shared mailbox was forgotten ({@code readership -p}): the user
   * no longer counts as a reader until they open it again.
   */
  record SharedAccessForgotten(long mailboxId, String userId) implements SessionEvent {}
}
