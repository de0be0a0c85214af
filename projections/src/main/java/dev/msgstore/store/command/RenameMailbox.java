package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * Renames a mailbox and its children (RFC 3501 section 6.3.5), optionally moving them all to {@code
 * partition} (null: stay where they are).
 */
public record RenameMailbox(String oldName, String newName, String partition) implements Command {
  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord from = ctx.existing(oldName);
    String to = DecisionContext.validName(newName);
    if (partition != null && !ctx.partitions().exists(partition)) {
      throw Rejected.notFound("no such partition: " + partition);
    }
    if (!to.equals(from.name()) && ctx.state().mailbox(to).isPresent()) {
      throw Rejected.exists("mailbox already exists: " + to);
    }
    if (to.equals(from.name()) && (partition == null || partition.equals(from.partition()))) {
      throw Rejected.invalid("mailbox is already " + to + " on partition " + from.partition());
    }
    if (to.startsWith(from.name() + "/")) {
      throw Rejected.invalid("cannot rename " + from.name() + " into itself: " + to);
    }
    List<MailboxRecord> moving = new ArrayList<>();
    moving.add(from);
    ctx.state().forEachMailbox(from.name() + "/", moving::add);
    List<Event> events = new ArrayList<>(moving.size());
    for (MailboxRecord m : moving) {
      String target = to + m.name().substring(from.name().length());
      if (m != from && ctx.state().mailbox(target).isPresent()) {
        throw Rejected.exists("mailbox already exists: " + target);
      }
      String where = partition == null ? m.partition() : partition;
      if (!where.equals(m.partition())) {
        ctx.state()
            .forEachMessage(
                m.id(),
                0,
                msg -> {
                  if (!ctx.bodyStored(where, msg.digest())) {
                    throw new AppendMessage.BodyNotInPartition(where);
                  }
                  return true;
                });
      }
      events.add(new MailboxEvent.Renamed(m.id(), m.name(), target, m.partition(), where));
    }
    return events;
  }
}
