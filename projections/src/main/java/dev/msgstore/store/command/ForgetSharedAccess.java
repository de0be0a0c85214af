package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.SessionEvent;
import dev.msgstore.projections.model.SharedAccess;
import java.util.ArrayList;
import java.util.List;

/**
 * Forgets every non-owner's access to a shared mailbox last made before {@code beforeMicros}
 * ({@code readership -p}). The cut-off is the caller's, not the decision's clock, so that what is
 * forgotten and what is then reported use the same instant. Nothing to forget writes nothing.
 */
public record ForgetSharedAccess(long beforeMicros) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    ctx.state()
        .forEachMailbox(
            "",
            m -> {
              for (SharedAccess a : ctx.state().readership(m.id())) {
                if (a.lastMicros() < beforeMicros) {
                  events.add(new SessionEvent.SharedAccessForgotten(a.mailboxId(), a.userId()));
                }
              }
              return true;
            });
    return events;
  }
}
