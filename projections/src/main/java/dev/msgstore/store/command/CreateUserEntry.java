package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.Entries;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a user to the embedded directory ({@code user create}), with their password's hash if one is
 * given ({@link PasswordHash#NONE}: none) and their quota limits in the quota projection. No
 * mailbox: the INBOX comes at their first delivery or login, as in the reference.
 */
public record CreateUserEntry(DirectoryUser user, PasswordHash password) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    if (ctx.state().directoryUser(user.name()).isPresent()) {
      throw Rejected.exists("user already exists in the directory: " + user.name());
    }
    DirectoryRules.check(ctx, user);
    List<Event> events = new ArrayList<>();
    events.add(new DirectoryEntryEvent.UserEntryCreated(Entries.entry(user)));
    if (!password.isEmpty()) {
      events.add(new DirectoryEntryEvent.PasswordSet(user.name(), password));
    }
    events.addAll(DirectoryRules.quotaOf(ctx.state(), user));
    return events;
  }
}
