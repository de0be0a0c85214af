package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.Entries;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Changes a user of the embedded directory ({@code user modify}, {@code user status}): {@code
 * change} is applied to the entry as it is when the command is decided, so two changes to one user
 * never undo each other. A quota change reaches the quota projection in the same commit.
 */
public record ModifyUserEntry(String name, UnaryOperator<DirectoryUser> change) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    DirectoryUser old = DirectoryRules.existingUser(ctx.state(), name);
    DirectoryUser now = change.apply(old);
    if (!now.name().equals(old.name())) {
      throw new IllegalStateException("a modification cannot rename " + old.name());
    }
    if (Entries.entry(now).equals(Entries.entry(old))) {
      return List.of();
    }
    DirectoryRules.check(ctx, now);
    List<Event> events = new ArrayList<>();
    events.add(new DirectoryEntryEvent.UserEntryModified(Entries.entry(now)));
    events.addAll(DirectoryRules.quotaOf(ctx.state(), now));
    return events;
  }
}
