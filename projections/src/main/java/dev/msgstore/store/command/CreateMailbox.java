package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import java.util.List;

/**
 * Creates a mailbox; {@code partition} null means the owner's (or primary). As {@link
 * CreateMailboxes} of one name: a user's first mailbox also creates their INBOX and records the
 * user; the mailbox's own creation is the last event.
 */
public record CreateMailbox(String name, String partition) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    return new CreateMailboxes(List.of(name), partition).decide(ctx);
  }
}
