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
 * \Deleted}. Expunged messages stay restorable until purged.
 */
public record Expunge(String mailbox, List<Long> uids) implements Command {
  public Expunge {
    uids = uids == null ? null : List.copyOf(uids);
  }

  public static Expunge deleted(String mailbox) {
    return new Expunge(mailbox, null);
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
        if (ctx.state().message(m.id(), uid).isEmpty()) {
          throw Rejected.notFound("no message with UID " + uid + " in " + m.name());
        }
        chosen.add(uid);
      }
    }
    return chosen.isEmpty() ? List.of() : List.of(new MessageEvent.Expunged(m.id(), chosen));
  }
}
