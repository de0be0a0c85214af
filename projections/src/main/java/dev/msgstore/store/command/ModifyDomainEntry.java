package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.Entries;
import java.util.List;
import java.util.function.UnaryOperator;

/** Changes a hosted domain ({@code domain modify}), applied to the entry as it is when decided. */
public record ModifyDomainEntry(String name, UnaryOperator<DirectoryDomain> change)
    implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    DirectoryDomain old = DomainRules.existing(ctx.state(), name);
    DirectoryDomain now = change.apply(old);
    if (!now.name().equals(old.name())) {
      throw new IllegalStateException("a modification cannot rename " + old.name());
    }
    if (Entries.entry(now).equals(Entries.entry(old))) {
      return List.of();
    }
    DomainRules.check(ctx, now);
    return List.of(new DirectoryEntryEvent.DomainModified(Entries.entry(now)));
  }
}
