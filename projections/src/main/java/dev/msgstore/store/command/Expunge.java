package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * Expunges messages: the given UIDs, or (with {@code uids} null) every message flagged {@code
 * \Deleted}. Expunged messages stay restorable until purged. A UID the mailbox does not hold is
 * refused (NOT_FOUND), unless {@code skipMissing}: then it is passed over, as an IMAP or POP
 * session wants when another session expunged it first.
 */
public record Expunge(String mailbox, List<Long> uids, boolean skipMissing) implements Command {
  public Expunge {
    uids = uids == null ? null : List.copyOf(uids);
  }

  public Expunge(String mailbox, List<Long> uids) {
    this(mailbox, uids, false);
  }

  public static Expunge deleted(String mailbox) {
    return new Expunge(mailbox, null);
  }

  /**
   * Those of {@code uids} the mailbox still holds when the command runs: one expunged meanwhile is
   * skipped, where a look before the commit and a retry on NOT_FOUND raced with the other sessions.
   */
  public static Expunge present(String mailbox, List<Long> uids) {
    return new Expunge(mailbox, uids, true);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(mailbox);
    List<Long> chosen = new ArrayList<>();
    if (uids == null) {
      ctx.state()
          .forEachMessage(
              m.id(),
              0,
              msg -> msg.flags().contains(SystemFlag.DELETED) && chosen.add(msg.uid()) || true);
    } else {
      for (long uid : uids) {
        if (ctx.state().message(m.id(), uid).isPresent()) {
          chosen.add(uid);
        } else if (!skipMissing) {
          throw Rejected.notFound("no message with UID " + uid + " in " + m.name());
        }
      }
    }
    return chosen.isEmpty() ? List.of() : List.of(new MessageEvent.Expunged(m.id(), chosen));
  }
}
