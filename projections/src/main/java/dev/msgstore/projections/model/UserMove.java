package dev.msgstore.projections.model;

/**
 * A move of a user's mailboxes to another store host (rehostuser), as the journal last said.
 *
 * @param inProgress true from its start to its end: the account is locked; false once it ended with
 *     the mailboxes on {@code host} (a move given up leaves no record)
 * @param host the destination mailhost
 * @param partition the destination partition ("" for its default)
 * @param extended whether the mailbox stays readable during the move (rehostuser -e)
 * @param sinceMicros when the move started, or ended when it is over
 */
public record UserMove(
    String userId,
    boolean inProgress,
    String host,
    String partition,
    boolean extended,
    long sinceMicros) {

  /** Why nothing may be done for the user here, in the words the refusals use. */
  public String reason() {
    return inProgress
        ? "user " + userId + " is being moved to " + host
        : "user " + userId + " has moved to " + host;
  }
}
