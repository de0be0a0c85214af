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
        restore(m.id(), e.message(), uid++, events);
      }
    }
    return events;
  }

  /** Brings {@code message}, expunged from mailbox {@code mailboxId}, back as {@code newUid}. */
  static void restore(long mailboxId, MessageRecord message, long newUid, List<Event> events) {
    events.add(new MessageEvent.Restored(mailboxId, message.uid(), newUid));
    if (message.flags().contains(SystemFlag.DELETED)) {
      events.add(
          new MessageEvent.FlagsStored(
              mailboxId, newUid, withoutDeleted(message.flags()), message.keywords()));
    }
  }

  /** The flags without {@code \\Deleted}, which would take the message straight away again. */
  static Set<SystemFlag> withoutDeleted(Set<SystemFlag> flags) {
    Set<SystemFlag> kept = EnumSet.noneOf(SystemFlag.class);
    kept.addAll(flags);
    kept.remove(SystemFlag.DELETED);
    return kept;
  }
}
