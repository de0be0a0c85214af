package dev.msgstore.journal.event;

/** Users known to the store. */
public sealed interface DirectoryEvent extends Event {
  String userId();

  record UserCreated(String userId, String partition) implements DirectoryEvent {}

  /** {@code status} is a directory status word: active, inactive, hold, removed, deleted. */
  record UserStatusChanged(String userId, String oldStatus, String status)
      implements DirectoryEvent {}

  /**
   * The user's home partition changed (their account was moved there): new mailboxes of theirs go
   * to {@code partition}.
   */
  record UserMoved(String userId, String oldPartition, String partition)
      implements DirectoryEvent {}

  /**
   * rehostuser began moving the user's mailboxes to the store on {@code host} (destination
   * partition {@code partition}, empty: its default): from here until {@link UserMoveEnded} the
   * account is locked, nothing may change it, mail for it is deferred, and logins are refused
   * unless {@code extended} (-e: read-only availability during the move).
   */
  record UserMoveStarted(String userId, String host, String partition, boolean extended)
      implements DirectoryEvent {}

  /**
   * The move to {@code host} ended: {@code moved} true when the mailboxes arrived there (the user
   * is then served by that host: mail and logins here are refused until an INBOX is created here
   * again), false when it was given up and the account here is as it was.
   */
  record UserMoveEnded(String userId, String host, boolean moved, String reason)
      implements DirectoryEvent {}
}
