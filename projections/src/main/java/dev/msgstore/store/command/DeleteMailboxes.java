package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes several mailboxes as one commit, all or nothing ({@code mboxutil -d}). A user's {@code
 * INBOX} stands for the whole account: the INBOX and every {@code user/<uid>/*} mailbox. A name
 * that does not exist (an account with no mailbox left) rejects the whole command.
 */
public record DeleteMailboxes(List<String> names) implements Command {
  public DeleteMailboxes {
    names = List.copyOf(names);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    if (names.isEmpty()) {
      throw Rejected.invalid("no mailbox to delete");
    }
    Map<Long, MailboxRecord> doomed = new LinkedHashMap<>();
    for (String given : names) {
      String name = MailboxNames.canonical(given);
      Optional<String> account = accountOf(name);
      if (account.isPresent()) {
        List<MailboxRecord> all = new ArrayList<>();
        ctx.state().mailbox(name).ifPresent(all::add);
        ctx.state().forEachMailbox(MailboxNames.USER_PREFIX + account.get() + "/", all::add);
        if (all.isEmpty()) {
          throw Rejected.notFound("no such mailbox: " + given);
        }
        all.forEach(m -> doomed.putIfAbsent(m.id(), m));
      } else {
        MailboxRecord m = ctx.existing(name);
        doomed.putIfAbsent(m.id(), m);
      }
    }
    List<Event> events = new ArrayList<>(doomed.size());
    for (MailboxRecord m : doomed.values()) {
      events.add(new MailboxEvent.Deleted(m.id(), m.name()));
    }
    return events;
  }

  /** The user whose account {@code canonicalName} stands for, when it is exactly their INBOX. */
  public static Optional<String> accountOf(String canonicalName) {
    return MailboxNames.ownerOf(canonicalName)
        .filter(u -> canonicalName.equals(MailboxNames.inboxOf(u)));
  }
}
