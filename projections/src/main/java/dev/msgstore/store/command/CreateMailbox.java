package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates a mailbox; {@code partition} null means the owner's (or primary). A personal mailbox of a
 * user the store has not seen also records the user.
 */
public record CreateMailbox(String name, String partition) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    String canonical = DecisionContext.validName(name);
    if (ctx.state().mailbox(canonical).isPresent()) {
      throw Rejected.exists("mailbox already exists: " + canonical);
    }
    String where = ctx.partitionFor(canonical, partition);
    List<Event> events = new ArrayList<>(2);
    Optional<String> owner = MailboxNames.ownerOf(canonical);
    if (owner.isPresent() && ctx.state().user(owner.get()).isEmpty()) {
      events.add(new DirectoryEvent.UserCreated(owner.get(), where));
    }
    long uidValidity = Math.max(1, ctx.nowMillis() / 1000);
    events.add(new MailboxEvent.Created(ctx.allocateMailboxId(), canonical, where, uidValidity));
    return events;
  }
}
