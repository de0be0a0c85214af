package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.PasswordHash;
import java.util.List;

/**
 * Sets (or, with {@link PasswordHash#NONE}, removes) a directory user's password: its hash only.
 */
public record SetPassword(String name, PasswordHash hash) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    String n = DirectoryRules.existingUser(ctx.state(), name).name();
    return List.of(new DirectoryEntryEvent.PasswordSet(n, hash));
  }

  @Override
  public String toString() {
    return "SetPassword[" + name + "]";
  }
}
