package dev.msgstore.store.command;

import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.store.Rejected;
import java.util.List;
import java.util.Optional;

/**
 * Sets an option ({@code value} null deletes it). Validation against the option catalog is the
 * caller's (configutil's); the store checks only that the name is well formed.
 */
public record SetConfig(String name, String value) implements Command {
  public SetConfig {
    if (name == null || name.isBlank() || name.chars().anyMatch(c -> c <= ' ')) {
      throw Rejected.invalid("not an option name: '" + name + "'");
    }
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    Optional<String> old = ctx.state().configOverride(name);
    if (value == null) {
      return old.isEmpty() ? List.of() : List.of(new ConfigEvent.OptionDeleted(name, old.get()));
    }
    if (old.isPresent() && old.get().equals(value)) {
      return List.of();
    }
    return List.of(new ConfigEvent.OptionSet(name, old.orElse(""), value));
  }
}
