package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.util.List;

/** Asks running services ("*" for all) to re-read their configuration. */
public record RequestRefresh(String service) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    return List.of(new MaintenanceEvent.RefreshRequested(service));
  }
}
