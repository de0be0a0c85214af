package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.Entries;
import java.util.List;

/** Adds a hosted domain to the embedded directory ({@code domain create}). */
public record CreateDomainEntry(DirectoryDomain domain) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    if (ctx.state().directoryDomain(domain.name()).isPresent()) {
      throw Rejected.exists("domain already exists in the directory: " + domain.name());
    }
    DomainRules.check(ctx, domain);
    return List.of(new DirectoryEntryEvent.DomainCreated(Entries.entry(domain)));
  }
}
