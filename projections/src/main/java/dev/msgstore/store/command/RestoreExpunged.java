package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Restores expunged, not yet purged messages of a mailbox that were expunged at or after {@code
 * sinceMicros} (0: all), each under a new UID and without {@code \Deleted} (as Cyrus {@code
 * unexpunge -d}): a restored message that kept it would go again at the next expunge.
 */
public record RestoreExpunged(String mailbox, long sinceMicros) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(mailbox);
    long uid = m.uidNext();
    List<Event> events = new ArrayList<>();
    for (ExpungedMessage e : ctx.state().expunged(m.id())) {
      if (e.expungedMicros() >= sinceMicros) {
        MessageRecord message = e.message();
        long newUid = uid++;
        events.add(new MessageEvent.Restored(m.id(), message.uid(), newUid));
        if (message.flags().contains(SystemFlag.DELETED)) {
          Set<SystemFlag> kept = EnumSet.noneOf(SystemFlag.class);
          kept.addAll(message.flags());
          kept.remove(SystemFlag.DELETED);
          events.add(new MessageEvent.FlagsStored(m.id(), newUid, kept, message.keywords()));
        }
      }
    }
    return events;
  }
}
