package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores expunged, not yet purged messages of a mailbox that were expunged at or after {@code
 * sinceMicros} (0: all), each under a new UID.
 */
public record RestoreExpunged(String mailbox, long sinceMicros) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(mailbox);
    long uid = m.uidNext();
    List<Event> events = new ArrayList<>();
    for (ExpungedMessage e : ctx.state().expunged(m.id())) {
      if (e.expungedMicros() >= sinceMicros) {
        events.add(new MessageEvent.Restored(m.id(), e.message().uid(), uid++));
      }
    }
    return events;
  }
}
