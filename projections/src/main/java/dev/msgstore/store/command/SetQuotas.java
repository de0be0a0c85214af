package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import java.util.ArrayList;
import java.util.List;

/** Several quota roots' limits in one commit ({@code iminitquota}): all or nothing. */
public record SetQuotas(List<SetQuota> quotas) implements Command {
  public SetQuotas {
    quotas = List.copyOf(quotas);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    for (SetQuota q : quotas) {
      events.addAll(q.decide(ctx));
    }
    return events;
  }
}
