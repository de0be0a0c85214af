package dev.msgstore.store;

import dev.msgstore.journal.body.CorruptBodyException;
import dev.msgstore.journal.body.Digest;
import java.io.IOException;

/**
 * A message's body failed its check as it was served ({@link Store#openMessage}): one line naming
 * the mailbox and UID, what failed, and the repair. The verbs exit 65 (data) on it.
 */
public final class CorruptMessageException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String mailbox;
  private final long uid;
  private final transient Digest digest;

  public CorruptMessageException(String mailbox, long uid, CorruptBodyException cause) {
    super(
        "CORRUPT "
            + mailbox
            + " uid "
            + uid
            + ": body sha256:"
            + cause.digest().hex()
            + ": "
            + cause.why()
            + "; 'msgstore reconstruct "
            + mailbox
            + "' restores it from a good copy",
        cause);
    this.mailbox = mailbox;
    this.uid = uid;
    this.digest = cause.digest();
  }

  public String mailbox() {
    return mailbox;
  }

  public long uid() {
    return uid;
  }

  public Digest digest() {
    return digest;
  }
}
