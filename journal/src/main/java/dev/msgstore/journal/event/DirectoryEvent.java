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
}
