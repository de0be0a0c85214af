package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one imexpire run does to one mailbox, as one commit: {@code discard} expunges (restorable
 * until purged), {@code fileInto} moves messages into other mailboxes, creating those that are
 * missing. Decided against the mailbox as it is now: a message expunged since the run looked is
 * left out, and a mailbox deleted and made again (another UIDVALIDITY) is refused, not touched.
 * Moves stay within the store's accounting like MOVE does, without a quota check: expiring must
 * never fail for want of room.
 */
public record ExpireMessages(
    String mailbox, long uidValidity, List<Long> discard, Map<String, List<Long>> fileInto)
    implements Command {
  public ExpireMessages {
    discard = List.copyOf(discard);
    Map<String, List<Long>> copy = new LinkedHashMap<>();
    fileInto.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    fileInto = java.util.Collections.unmodifiableMap(copy);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord source = ctx.existing(mailbox);
    if (source.uidValidity() != uidValidity) {
      throw Rejected.notFound(
          mailbox
              + " was made again since imexpire read it (UIDVALIDITY "
              + uidValidity
              + " is now "
              + source.uidValidity()
              + ")");
    }
    List<Event> events = new ArrayList<>();
    List<Long> gone = new ArrayList<>();
    for (long uid : discard) {
      if (ctx.state().message(source.id(), uid).isPresent()) {
        gone.add(uid);
      }
    }
    for (Map.Entry<String, List<Long>> e : fileInto.entrySet()) {
      String target = DecisionContext.validName(e.getKey());
      List<MessageRecord> moving = new ArrayList<>();
      for (long uid : e.getValue()) {
        ctx.state().message(source.id(), uid).ifPresent(moving::add);
      }
      if (moving.isEmpty() || target.equals(source.name())) {
        continue;
      }
      long targetId;
      long uid;
      String partition;
      Optional<MailboxRecord> existing = ctx.state().mailbox(target);
      if (existing.isPresent()) {
        targetId = existing.get().id();
        uid = existing.get().uidNext();
        partition = existing.get().partition();
      } else {
        List<Event> created = new CreateMailboxes(List.of(target), null).decide(ctx);
        events.addAll(created);
        MailboxEvent.Created c = (MailboxEvent.Created) created.get(created.size() - 1);
        targetId = c.mailboxId();
        uid = 1;
        partition = c.partition();
      }
      for (MessageRecord m : moving) {
        if (!ctx.bodyStored(partition, m.digest())) {
          throw new AppendMessage.BodyNotInPartition(partition);
        }
        events.add(
            new MessageEvent.Appended(
                targetId,
                uid++,
                m.digest(),
                m.size(),
                m.headerSize(),
                m.internalDate(),
                m.sentDate(),
                m.flags(),
                m.keywords(),
                m.messageId(),
                m.summary()));
        gone.add(m.uid());
      }
    }
    if (!gone.isEmpty()) {
      events.add(new MessageEvent.Expunged(source.id(), gone));
    }
    return events;
  }

  /** The owner of the source mailbox, if personal (fileinto targets are relative to them). */
  public Optional<String> owner() {
    return MailboxNames.ownerOf(mailbox);
  }
}
