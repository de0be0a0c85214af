package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of rehostuser's move of {@code user} to {@code host}, which unlocks the account. When the
 * mailboxes {@code moved} there, unless {@code keepSource} they are deleted here in the same commit
 * (so a crash leaves either the locked account whole or the move done); when the move is given up
 * ({@code moved} false, {@code reason} says why) the account here is as it was.
 */
public record EndMove(String user, String host, boolean moved, boolean keepSource, String reason)
    implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    Optional<UserMove> move = ctx.state().userMove(user).filter(UserMove::inProgress);
    if (move.isEmpty()) {
      throw Rejected.notFound("user " + user + " is not being moved");
    }
    if (!move.get().host().equals(host)) {
      throw Rejected.invalid(move.get().reason() + ", not to " + host);
    }
    List<Event> events = new ArrayList<>();
    if (moved && !keepSource) {
      events.addAll(new PurgeAccount(user, false).decide(ctx));
    }
    events.add(new DirectoryEvent.UserMoveEnded(user, host, moved, reason));
    return events;
  }
}
