package dev.msgstore.journal.event;

/** What users did in sessions that other tools report on (readership, imsconnutil -a). */
public sealed interface SessionEvent extends Event {
  /** A user other than the owner opened a shared mailbox; the time is the commit's. */
  record SharedMailboxAccessed(long mailboxId, String userId) implements SessionEvent {}

  /**
   * The last access of a user to a shared mailbox was forgotten ({@code readership -p}): the user
   * no longer counts as a reader until they open it again.
   */
  record SharedAccessForgotten(long mailboxId, String userId) implements SessionEvent {}

  /**
   * A user logged in ({@code login}) or out over {@code protocol} from {@code address}; the time is
   * the commit's. Recorded when {@code local.enablelastaccess} is on, at most once a minute per
   * user and protocol (imsconnutil -a reads the last one).
   */
  record UserAccessed(String userId, String protocol, String address, boolean login)
      implements SessionEvent {}
}
