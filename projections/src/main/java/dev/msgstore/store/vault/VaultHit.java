package dev.msgstore.store.vault;

import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.command.UndeleteMessages;

/**
 * A deleted message undelete found. {@code mailbox} is its mailbox's name (today's, or the one it
 * had when it was deleted: {@code mailboxDeleted}); {@code folder} the same within the account;
 * {@code partition} where its body is; {@code restorable} whether that body is still stored (a
 * purged body cannot come back).
 */
public record VaultHit(
    UndeleteMessages.Source source,
    String mailbox,
    String folder,
    boolean mailboxDeleted,
    MessageRecord message,
    long expungedMicros,
    String partition,
    boolean restorable) {

  /** The command's handle on this message. */
  public UndeleteMessages.Pick pick() {
    return new UndeleteMessages.Pick(source, message.mailboxId(), message.uid());
  }
}
