package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.util.List;

/**
 * Asks the running daemon to apply the refreshable options in force to some of its components, one
 * event each in one commit; none named is {@code "*"}, all of them.
 */
public record RequestRefresh(List<String> services) implements Command {
  public RequestRefresh {
    services = services.isEmpty() ? List.of("*") : List.copyOf(services);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    return services.stream().<Event>map(MaintenanceEvent.RefreshRequested::new).toList();
  }
}
