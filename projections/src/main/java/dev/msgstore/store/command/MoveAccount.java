package dev.msgstore.store.command;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a whole account (the INBOX and every {@code user/<uid>/*} mailbox) to another partition as
 * one commit, and records the user's new home partition, where their new mailboxes go ({@code
 * mboxutil -r user/<uid>/INBOX user/<uid>/INBOX partition}). The bodies must be on the new
 * partition already: the caller copies them first.
 */
public record MoveAccount(String userId, String partition) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    if (!ctx.partitions().exists(partition)) {
      throw Rejected.notFound("no such partition: " + partition);
    }
    List<MailboxRecord> all = new ArrayList<>(); // the INBOX is one of them: user/<uid>/INBOX
    ctx.state().forEachMailbox(MailboxNames.USER_PREFIX + userId + "/", all::add);
    if (all.isEmpty()) {
      throw Rejected.notFound("no such mailbox: " + MailboxNames.inboxOf(userId));
    }
    List<Event> events = new ArrayList<>();
    for (MailboxRecord m : all) {
      if (m.partition().equals(partition)) {
        continue;
      }
      ctx.state()
          .forEachMessage(
              m.id(),
              0,
              msg -> {
                if (!ctx.bodyStored(partition, msg.digest())) {
                  throw new AppendMessage.BodyNotInPartition(partition);
                }
                return true;
              });
      events.add(new MailboxEvent.Renamed(m.id(), m.name(), m.name(), m.partition(), partition));
    }
    ctx.state()
        .user(userId)
        .filter(u -> !u.partition().equals(partition))
        .ifPresent(u -> events.add(new DirectoryEvent.UserMoved(userId, u.partition(), partition)));
    if (events.isEmpty()) {
      throw Rejected.invalid("the account of " + userId + " is already on partition " + partition);
    }
    return events;
  }
}
