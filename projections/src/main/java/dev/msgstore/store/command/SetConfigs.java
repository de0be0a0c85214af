package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several option changes as one commit ({@code configutil -i}): all are written or none. Each
 * change is a {@link SetConfig}; an option may appear once.
 */
public record SetConfigs(List<SetConfig> changes) implements Command {
  public SetConfigs {
    changes = List.copyOf(changes);
    Set<String> seen = new HashSet<>();
    for (SetConfig c : changes) {
      if (!seen.add(c.name())) {
        throw Rejected.invalid("option " + c.name() + " is changed twice in one commit");
      }
    }
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> out = new ArrayList<>();
    for (SetConfig c : changes) {
      out.addAll(c.decide(ctx));
    }
    return out;
  }
}
