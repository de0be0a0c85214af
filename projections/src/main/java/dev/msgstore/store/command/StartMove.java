package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.store.Rejected;
import java.util.List;
import java.util.Optional;

/**
 * rehostuser's lock: {@code user}'s mailboxes start moving to {@code host}. From this commit on the
 * account is locked ({@link dev.msgstore.store.MoveLock}). A move to the same host already in
 * progress (a run that was killed) is resumed: nothing is written. One to another host, or of an
 * account this store does not have, is refused.
 */
public record StartMove(String user, String host, String partition, boolean extended)
    implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    Optional<UserMove> move = ctx.state().userMove(user);
    if (move.isPresent() && move.get().inProgress()) {
      if (move.get().host().equals(host)) {
        return List.of(); // resumed
      }
      throw Rejected.busy(move.get().reason() + ", not to " + host);
    }
    if (move.isPresent()) {
      throw Rejected.invalid(move.get().reason() + ": there is nothing here to move");
    }
    if (ctx.state().mailbox(MailboxNames.inboxOf(user)).isEmpty()
        && ctx.state().user(user).isEmpty()) {
      throw Rejected.notFound("no such user in this store: " + user);
    }
    return List.of(new DirectoryEvent.UserMoveStarted(user, host, partition, extended));
  }
}
