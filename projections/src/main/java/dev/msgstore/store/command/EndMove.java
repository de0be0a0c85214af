package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.Entries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of rehostuser's move of {@code user} to {@code host}, which unlocks the account. When the
 * mailboxes {@code moved} there, the embedded directory's entry (if the user has one) gets {@code
 * mailHost} {@code host} and, unless null, {@code mailMessageStore} {@code partition}, and unless
 * {@code keepSource} the mailboxes here are deleted, all in this one commit: a crash leaves either
 * the locked account whole or the move done. When the move is given up ({@code moved} false, {@code
 * reason} says why) the account here is as it was.
 */
public record EndMove(
    String user, String host, boolean moved, boolean keepSource, String partition, String reason)
    implements Command {

  /** The move given up, for {@code reason}. */
  public static EndMove abandoned(String user, String host, String reason) {
    return new EndMove(user, host, false, true, null, reason);
  }

  /** The move done. */
  public static EndMove done(String user, String host, boolean keepSource, String partition) {
    return new EndMove(user, host, true, keepSource, partition, "");
  }

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
    if (moved && ctx.state().directoryUser(user).isPresent()) {
      // not through ModifyUserEntry's rules: the partition is the destination's, which this
      // store's partitions need not name; nothing else of the entry changes
      DirectoryUser old = DirectoryRules.existingUser(ctx.state(), user);
      DirectoryUser now = rehosted(old);
      if (!Entries.entry(now).equals(Entries.entry(old))) {
        events.add(new DirectoryEntryEvent.UserEntryModified(Entries.entry(now)));
      }
    }
    if (moved && !keepSource) {
      events.addAll(new PurgeAccount(user, false).decide(ctx));
    }
    events.add(new DirectoryEvent.UserMoveEnded(user, host, moved, reason));
    return events;
  }

  private DirectoryUser rehosted(DirectoryUser u) {
    return new DirectoryUser(
        u.uid(),
        u.domain(),
        u.mail(),
        u.aliases(),
        u.status(),
        u.statusChangedMicros(),
        u.quota(),
        host,
        partition == null ? u.partition() : partition,
        u.passwordHash());
  }
}
