package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.SessionEvent;
import java.util.List;

/** Records a login or logout of {@code userId} over {@code protocol} (imsconnutil -a). */
public record RecordUserAccess(String userId, String protocol, String address, boolean login)
    implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    return List.of(new SessionEvent.UserAccessed(userId, protocol, address, login));
  }
}
