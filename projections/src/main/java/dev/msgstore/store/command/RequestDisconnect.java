package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.util.List;

/**
 * Asks the running daemon to close the sessions of each of {@code users} on {@code service} ("*":
 * every protocol), one event each in one commit (imsconnutil -k).
 */
public record RequestDisconnect(List<String> users, String service) implements Command {
  public RequestDisconnect {
    users = List.copyOf(users);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    return users.stream()
        .<Event>map(u -> new MaintenanceEvent.DisconnectRequested(u, service))
        .toList();
  }
}
