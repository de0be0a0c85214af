package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.List;

/** Deletes one mailbox and everything in it (its children are separate mailboxes). */
public record DeleteMailbox(String name) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(name);
    return List.of(new MailboxEvent.Deleted(m.id(), m.name()));
  }
}
