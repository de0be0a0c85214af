package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.store.Rejected;
import java.util.List;

/** Removes a hosted domain that has no users left in the directory ({@code domain delete}). */
public record DeleteDomainEntry(String name) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    String n = DomainRules.existing(ctx.state(), name).name();
    long[] users = {0};
    ctx.state()
        .forEachDirectoryUser(
            "",
            u -> {
              if (u.entry().domain().equals(n)) {
                users[0]++;
              }
              return true;
            });
    if (users[0] > 0) {
      throw Rejected.invalid(
          "the domain " + n + " still has " + users[0] + " user(s): delete them first");
    }
    return List.of(new DirectoryEntryEvent.DomainDeleted(n));
  }
}
