package dev.msgstore.store.command;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Appends a message whose body is already stored. The UID is the mailbox's next; {@code
 * internalDate} 0 means now. With {@code create} a missing mailbox is created in the same commit;
 * with {@code ignoreQuota} the owner's quota is not checked. {@code createPartition}: where that
 * mailbox goes (null: its owner's partition, or the default). {@code summary}: the header fields
 * undelete searches by.
 */
public record AppendMessage(
    String mailbox,
    Digest digest,
    long size,
    int headerSize,
    long internalDate,
    long sentDate,
    Set<SystemFlag> flags,
    List<String> keywords,
    String messageId,
    boolean create,
    boolean ignoreQuota,
    String createPartition,
    MessageEvent.Summary summary)
    implements Command {

  public AppendMessage {
    flags = Set.copyOf(flags);
    keywords = List.copyOf(keywords);
    Keywords.requireValid(keywords);
    summary = summary == null ? MessageEvent.Summary.NONE : summary;
  }

  /** An append whose summary is unknown. */
  public AppendMessage(
      String mailbox,
      Digest digest,
      long size,
      int headerSize,
      long internalDate,
      long sentDate,
      Set<SystemFlag> flags,
      List<String> keywords,
      String messageId,
      boolean create,
      boolean ignoreQuota,
      String createPartition) {
    this(
        mailbox,
        digest,
        size,
        headerSize,
        internalDate,
        sentDate,
        flags,
        keywords,
        messageId,
        create,
        ignoreQuota,
        createPartition,
        MessageEvent.Summary.NONE);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>(3);
    long mailboxId;
    String partition;
    long uid;
    String name = DecisionContext.validName(mailbox); // checked once: it runs for every message
    Optional<MailboxRecord> existing = ctx.state().mailbox(name);
    if (existing.isPresent()) {
      mailboxId = existing.get().id();
      partition = existing.get().partition();
      uid = existing.get().uidNext();
    } else if (create) {
      events.addAll(new CreateMailbox(mailbox, createPartition).decide(ctx));
      MailboxEvent.Created c = (MailboxEvent.Created) events.get(events.size() - 1);
      mailboxId = c.mailboxId();
      partition = c.partition();
      uid = 1;
    } else {
      throw Rejected.notFound("no such mailbox: " + mailbox);
    }
    if (!ctx.bodyStored(partition, digest)) {
      throw new BodyNotInPartition(partition);
    }
    if (!ignoreQuota) {
      OwnerQuota.check(ctx, name, size, 1);
    }
    long date = internalDate == 0 ? ctx.nowMillis() : internalDate;
    events.add(
        new MessageEvent.Appended(
            mailboxId,
            uid,
            digest,
            size,
            headerSize,
            date,
            sentDate,
            flags,
            keywords,
            messageId,
            summary));
    return events;
  }

  /** The mailbox lives on a partition that does not hold the body (yet): store it and retry. */
  public static final class BodyNotInPartition extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String partition;

    public BodyNotInPartition(String partition) {
      super("the message body is not stored in partition " + partition);
      this.partition = partition;
    }

    public String partition() {
      return partition;
    }
  }
}
