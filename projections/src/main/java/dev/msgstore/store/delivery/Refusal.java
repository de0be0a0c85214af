package dev.msgstore.store.delivery;

/**
 * A recipient that gets no copy, and why: what {@code deliver} turns into an exit code and LMTP
 * into a reply code.
 *
 * @param user the user id, or the name or address as given when it is no user
 * @param mailbox the mailbox meant, or ""
 * @param reason the kind of refusal
 * @param text one line for the administrator (never message content)
 * @param cause the failure behind a {@link Reason#FAILED} or {@link Reason#OVER_QUOTA} append, or
 *     null
 */
public record Refusal(String user, String mailbox, Reason reason, String text, Throwable cause)
    implements Resolution, Result {

  /** The kinds of refusal: each is one exit code of {@code deliver} and one LMTP reply. */
  public enum Reason {
    /** No such user (or not a possible user id): permanent. */
    UNKNOWN_USER,
    /** The user's or their domain's status is removed or deleted: permanent. */
    DISABLED,
    /** Inactive, hold, or a directory that cannot be asked: try again later. */
    TEMPORARY,
    /** The folder named is not a valid mailbox name: permanent. */
    INVALID,
    /** The copy would take the user over their quota. */
    OVER_QUOTA,
    /** The message is larger than the server accepts: permanent. */
    TOO_BIG,
    /** The append failed for another reason ({@link #cause()} says which). */
    FAILED
  }

  public Refusal(String user, String mailbox, Reason reason, String text) {
    this(user, mailbox, reason, text, null);
  }

  /** Whether trying the same delivery later may succeed. */
  public boolean temporary() {
    return switch (reason) {
      case TEMPORARY, OVER_QUOTA, FAILED -> true;
      case UNKNOWN_USER, DISABLED, INVALID, TOO_BIG -> false;
    };
  }
}
