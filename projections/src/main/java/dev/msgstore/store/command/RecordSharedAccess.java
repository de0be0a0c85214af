package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.SessionEvent;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.List;

/**
 * Records that {@code userId} opened {@code mailbox}; only a user other than the owner counts
 * (readership), so the owner's own access writes nothing.
 */
public record RecordSharedAccess(String mailbox, String userId) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(mailbox);
    if (m.owner().map(userId::equals).orElse(false)) {
      return List.of();
    }
    return List.of(new SessionEvent.SharedMailboxAccessed(m.id(), userId));
  }
}
