package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.ArrayList;
import java.util.List;

/** Purges the mailbox's expunged messages that were expunged before {@code beforeMicros}. */
public record Purge(String mailbox, long beforeMicros) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(mailbox);
    List<Long> uids = new ArrayList<>();
    for (ExpungedMessage e : ctx.state().expunged(m.id())) {
      if (e.expungedMicros() < beforeMicros) {
        uids.add(e.message().uid());
      }
    }
    return uids.isEmpty() ? List.of() : List.of(new MessageEvent.Purged(m.id(), uids));
  }
}
