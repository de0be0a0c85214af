package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.QuotaEvent;
import java.util.List;

/**
 * {@code imquotacheck -n}: remembers that {@code root} was sent the notice of {@code rule} at
 * {@code percent} of their quota (percent 0: forget it, their usage fell below every threshold).
 */
public record RecordQuotaNotice(String root, String rule, int percent) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    if (percent == 0 && ctx.state().quotaNotice(root).isEmpty()) {
      return List.of();
    }
    return List.of(new QuotaEvent.Notified(root, rule, percent));
  }
}
