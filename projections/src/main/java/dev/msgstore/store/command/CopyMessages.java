package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies messages to another mailbox (IMAP COPY, RFC 3501 section 6.4.7), or moves them ({@code
 * move}: RFC 6851 MOVE, the copies and the expunge of the originals in one commit). Each copy is an
 * {@code Appended} event naming the same body under the target's next UID, with the original's
 * flags, keywords and internal date, in the order of {@code uids}; the target owner's quota counts
 * them all. The body must be in the target's partition ({@link AppendMessage.BodyNotInPartition}:
 * {@code Store.copyMessages} copies it there and retries).
 */
public record CopyMessages(String from, List<Long> uids, String to, boolean move)
    implements Command {
  public CopyMessages {
    uids = List.copyOf(uids);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord source = ctx.existing(from);
    MailboxRecord target = ctx.existing(to);
    List<MessageRecord> messages = new ArrayList<>(uids.size());
    long bytes = 0;
    for (long uid : uids) {
      MessageRecord m =
          ctx.state()
              .message(source.id(), uid)
              .orElseThrow(
                  () -> Rejected.notFound("no message with UID " + uid + " in " + source.name()));
      messages.add(m);
      bytes += m.size();
    }
    if (messages.isEmpty()) {
      return List.of();
    }
    for (MessageRecord m : messages) {
      if (!ctx.bodyStored(target.partition(), m.digest())) {
        throw new AppendMessage.BodyNotInPartition(target.partition());
      }
    }
    String owner = MailboxNames.ownerOf(target.name()).orElse(null);
    boolean sameOwner =
        owner != null && owner.equals(MailboxNames.ownerOf(source.name()).orElse(null));
    if (!(move && sameOwner)) { // a move within one owner's mailboxes changes no usage
      OwnerQuota.check(ctx, target.name(), bytes, messages.size());
    }
    List<Event> events = new ArrayList<>(messages.size() + 1);
    long uid = target.uidNext();
    for (MessageRecord m : messages) {
      events.add(
          new MessageEvent.Appended(
              target.id(),
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
    }
    if (move) {
      events.add(new MessageEvent.Expunged(source.id(), List.copyOf(uids)));
    }
    return events;
  }
}
