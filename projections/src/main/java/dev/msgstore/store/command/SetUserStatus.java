package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.store.Rejected;
import java.util.List;
import java.util.Set;

/** Changes a user's directory status. */
public record SetUserStatus(String userId, String status) implements Command {
  public static final Set<String> STATUSES =
      Set.of("active", "inactive", "hold", "removed", "deleted");

  public SetUserStatus {
    if (!STATUSES.contains(status)) {
      throw Rejected.invalid("not a user status: " + status + " (one of " + STATUSES + ")");
    }
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    UserRecord u =
        ctx.state().user(userId).orElseThrow(() -> Rejected.notFound("no such user: " + userId));
    if (u.status().equals(status)) {
      return List.of();
    }
    return List.of(new DirectoryEvent.UserStatusChanged(userId, u.status(), status));
  }
}
