package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link SetAcl} on distinct mailboxes as one commit ({@code readership -s -m pattern}):
 * either every entry is set or, if one is refused, none is.
 */
public record SetAcls(List<SetAcl> entries) implements Command {
  public SetAcls {
    entries = List.copyOf(entries);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    for (SetAcl e : entries) {
      events.addAll(e.decide(ctx));
    }
    return events;
  }
}
