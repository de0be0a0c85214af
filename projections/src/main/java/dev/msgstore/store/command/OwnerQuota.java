package dev.msgstore.store.command;

import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.Rejected;
import java.util.Optional;

/**
 * The one quota check of the commands that add messages (APPEND, COPY, MOVE to another owner): the
 * target mailbox's owner's quota root, from the quota projection, must take {@code bytes} more in
 * {@code messages} more messages. Mailboxes outside {@code user/} have no owner and no quota.
 */
final class OwnerQuota {
  private OwnerQuota() {}

  static void check(DecisionContext ctx, String mailbox, long bytes, long messages) {
    Optional<String> owner = MailboxNames.ownerOf(mailbox);
    if (owner.isEmpty()) {
      return;
    }
    QuotaRecord q = ctx.state().quota(owner.get());
    if (q.wouldExceed(bytes, messages)) {
      throw new Rejected(
          Rejected.Kind.OVER_QUOTA,
          "over quota: "
              + owner.get()
              + " uses "
              + q.usedBytes()
              + " of "
              + q.limitBytes()
              + " bytes and "
              + q.usedMessages()
              + " of "
              + q.limitMessages()
              + " messages");
    }
  }
}
