package dev.msgstore.store;

import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.store.command.Command;
import dev.msgstore.store.command.EndMove;
import dev.msgstore.store.command.StartMove;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The account lock of rehostuser, in one place: while a user's mailboxes are being moved to another
 * host ({@link StartMove} until {@link EndMove}) nothing of theirs may change here, so that what
 * arrives there is what was here; once they have moved, this host no longer serves them.
 *
 * <ul>
 *   <li>{@link #check}: a commit that would change a locked account (its mailboxes, messages, ACLs,
 *       subscriptions, quota limits, store status) is refused, whoever asks: decided under the
 *       journal's write lock, so no change slips in between the lock and the copy.
 *   <li>{@link #refusesMail}: delivery defers mail for a user being moved or moved away (LMTP 450
 *       4.2.1: the MTA queues it and, routing by {@code mailHost}, sends it to the new host).
 *   <li>{@link #refusesLogin}: logins are refused during the move (unless rehostuser -e keeps the
 *       mailbox readable) and after it.
 * </ul>
 */
public final class MoveLock {
  private MoveLock() {}

  /** The move that keeps mail for {@code user} from being delivered here, if any. */
  public static Optional<UserMove> refusesMail(ProjectionReader state, String user) {
    return state.userMove(user);
  }

  /** The move that keeps {@code user} from logging in here, if any. */
  public static Optional<UserMove> refusesLogin(ProjectionReader state, String user) {
    return state.userMove(user).filter(m -> !m.inProgress() || !m.extended());
  }

  /**
   * Refuses ({@link Rejected.Kind#BUSY}) the events {@code command} decided if they change an
   * account being moved. The move's own commands pass.
   */
  public static void check(ProjectionReader state, Command command, List<? extends Event> events) {
    if (command instanceof StartMove || command instanceof EndMove || !state.anyUserMove()) {
      return;
    }
    for (String user : owners(state, events)) {
      Optional<UserMove> move = state.userMove(user);
      if (move.isPresent() && move.get().inProgress()) {
        throw Rejected.busy(move.get().reason() + ": nothing of theirs may change until it ends");
      }
    }
  }

  /** The users whose accounts {@code events} change. */
  private static Set<String> owners(ProjectionReader state, List<? extends Event> events) {
    Set<String> users = new LinkedHashSet<>();
    Map<Long, String> created = new HashMap<>();
    for (Event e : events) {
      switch (e) {
        case MailboxEvent.Created c -> {
          created.put(c.mailboxId(), c.name());
          owner(c.name(), users);
        }
        case MailboxEvent.Renamed r -> {
          owner(r.oldName(), users);
          owner(r.newName(), users);
        }
        case MailboxEvent.Deleted d -> owner(d.name(), users);
        case MailboxEvent.SpecialUseSet s -> owner(s.name(), users);
        case MessageEvent m -> ownerOf(state, created, m.mailboxId(), users);
        case AclEvent a -> ownerOf(state, created, a.mailboxId(), users);
        case QuotaEvent.LimitSet l -> users.add(l.root());
        case SubscriptionEvent.Subscribed s -> users.add(s.user());
        case SubscriptionEvent.Unsubscribed u -> users.add(u.user());
        case DirectoryEvent d -> users.add(d.userId());
        default -> {
          // quota notices, session records, directory entries, configuration, maintenance
          // requests: not the account's content
        }
      }
    }
    return users;
  }

  private static void ownerOf(
      ProjectionReader state, Map<Long, String> created, long mailboxId, Set<String> users) {
    String name = created.get(mailboxId);
    if (name == null) {
      name = state.mailbox(mailboxId).map(MailboxRecord::name).orElse(null);
    }
    if (name != null) {
      owner(name, users);
    }
  }

  private static void owner(String mailbox, Set<String> users) {
    MailboxNames.ownerOf(mailbox).ifPresent(users::add);
  }
}
