package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates several mailboxes as one commit, all or nothing ({@code mboxutil -c}). A user's first
 * mailbox brings the account with it, as the reference has it: a personal folder whose owner has no
 * INBOX creates the INBOX too, just before it, and a user the store has not seen is recorded. That
 * INBOX named later in the same list is then already made, not a duplicate.
 */
public record CreateMailboxes(List<String> names, String partition) implements Command {
  public CreateMailboxes {
    names = List.copyOf(names);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    if (names.isEmpty()) {
      throw Rejected.invalid("no mailbox to create");
    }
    Set<String> created = new HashSet<>();
    Set<String> impliedInboxes = new HashSet<>();
    Set<String> usersRecorded = new HashSet<>();
    List<Event> events = new ArrayList<>();
    long now = Math.max(1, ctx.nowMillis() / 1000);
    for (String given : names) {
      String canonical = DecisionContext.validName(given);
      if (impliedInboxes.remove(canonical)) {
        continue;
      }
      if (ctx.state().mailbox(canonical).isPresent() || !created.add(canonical)) {
        throw Rejected.exists("mailbox already exists: " + canonical);
      }
      String where = ctx.partitionFor(canonical, partition);
      Optional<String> owner = MailboxNames.ownerOf(canonical);
      if (owner.isPresent()) {
        if (ctx.state().user(owner.get()).isEmpty() && usersRecorded.add(owner.get())) {
          events.add(new DirectoryEvent.UserCreated(owner.get(), where));
        }
        String inbox = MailboxNames.inboxOf(owner.get());
        if (!canonical.equals(inbox)
            && ctx.state().mailbox(inbox).isEmpty()
            && created.add(inbox)) {
          impliedInboxes.add(inbox);
          long id = ctx.allocateMailboxId();
          events.add(new MailboxEvent.Created(id, inbox, where, uidValidity(now, id)));
        }
      }
      long id = ctx.allocateMailboxId();
      events.add(new MailboxEvent.Created(id, canonical, where, uidValidity(now, id)));
    }
    return events;
  }

  /**
   * The UIDVALIDITY of a new mailbox: the time in seconds plus its id (less one). Ids only grow, so
   * a mailbox deleted and created again under its name, even within the same second, gets another
   * value (RFC 3501 section 2.3.1.1: its old UIDs must not be taken as valid). A 32-bit value other
   * than 0.
   */
  static long uidValidity(long nowSeconds, long mailboxId) {
    long v = (nowSeconds + mailboxId - 1) & 0xffffffffL;
    return v == 0 ? 1 : v;
  }
}
