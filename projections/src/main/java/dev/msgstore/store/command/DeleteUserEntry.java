package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.Event;
import java.util.List;

/**
 * Removes a user from the embedded directory ({@code user delete}). Their mailboxes, if they have
 * any, are the store's and stay until removed ({@code mboxutil -d user/NAME}).
 */
public record DeleteUserEntry(String name) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    String n = DirectoryRules.existingUser(ctx.state(), name).name();
    return List.of(new DirectoryEntryEvent.UserEntryDeleted(n));
  }
}
