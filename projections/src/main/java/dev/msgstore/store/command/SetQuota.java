package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.store.Rejected;
import java.util.List;

/** Sets a quota root's limits; {@link QuotaEvent#UNLIMITED} removes a limit. */
public record SetQuota(String root, long storageBytes, long messages) implements Command {
  public SetQuota {
    if (root == null || root.isBlank()) {
      throw Rejected.invalid("a quota root cannot be empty");
    }
    if (storageBytes < QuotaEvent.UNLIMITED || messages < QuotaEvent.UNLIMITED) {
      throw Rejected.invalid("quota limits cannot be negative");
    }
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    return List.of(new QuotaEvent.LimitSet(root, storageBytes, messages));
  }
}
