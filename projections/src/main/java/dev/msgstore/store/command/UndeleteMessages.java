package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.VaultedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings deleted messages of one user back into one mailbox, {@code target}, as one commit
 * (undelete): created when missing (in {@code createPartition}, where the bodies are). Each message
 * gets a new UID and loses {@code \Deleted}.
 *
 * <ul>
 *   <li>A message expunged from {@code target} itself and not purged comes back as {@code mboxutil
 *       -R} brings it ({@link RestoreExpunged}: {@code message.restored}).
 *   <li>One expunged from another mailbox is appended to {@code target} as a copy: the original
 *       stays in its mailbox's expunged messages until purged.
 *   <li>A vaulted message (purged, or of a deleted mailbox) is appended and leaves the vault
 *       ({@code message.forgotten}); its body must be in {@code target}'s partition.
 * </ul>
 *
 * A message no longer where {@code picks} says (restored or forgotten meanwhile) is skipped. No
 * quota is checked: as with {@code mboxutil -R}, an administrator puts back what was there.
 */
public record UndeleteMessages(String target, String createPartition, List<Pick> picks)
    implements Command {

  /** Where the message is now: expunged from a live mailbox, or in the vault. */
  public enum Source {
    EXPUNGED,
    VAULTED
  }

  /** One message to bring back, by the mailbox id and UID it had. */
  public record Pick(Source source, long mailboxId, long uid) {}

  public UndeleteMessages {
    picks = List.copyOf(picks);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    List<Event> events = new ArrayList<>();
    String name = DecisionContext.validName(target);
    Optional<MailboxRecord> existing = ctx.state().mailbox(name);
    long mailboxId;
    String partition;
    long uid;
    if (existing.isPresent()) {
      mailboxId = existing.get().id();
      partition = existing.get().partition();
      uid = existing.get().uidNext();
    } else {
      events.addAll(new CreateMailbox(name, createPartition).decide(ctx));
      MailboxEvent.Created c = (MailboxEvent.Created) events.get(events.size() - 1);
      mailboxId = c.mailboxId();
      partition = c.partition();
      uid = 1;
    }
    int created = events.size();
    for (Pick p : picks) {
      switch (p.source()) {
        case EXPUNGED -> {
          Optional<ExpungedMessage> e = ctx.state().expunged(p.mailboxId(), p.uid());
          if (e.isEmpty()) {
            continue;
          }
          if (p.mailboxId() == mailboxId) {
            RestoreExpunged.restore(mailboxId, e.get().message(), uid++, events);
          } else {
            events.add(appended(ctx, partition, mailboxId, uid++, e.get().message()));
          }
        }
        case VAULTED -> {
          Optional<VaultedMessage> v = ctx.state().vaulted(p.mailboxId(), p.uid());
          if (v.isEmpty()) {
            continue;
          }
          events.add(appended(ctx, partition, mailboxId, uid++, v.get().message()));
          events.add(new MessageEvent.Forgotten(p.mailboxId(), List.of(p.uid())));
        }
      }
    }
    // Nothing left to bring back: no commit, not even the folder's creation.
    return events.size() == created ? List.of() : events;
  }

  private static MessageEvent.Appended appended(
      DecisionContext ctx, String partition, long mailboxId, long uid, MessageRecord m) {
    if (!ctx.bodyStored(partition, m.digest())) {
      throw new AppendMessage.BodyNotInPartition(partition);
    }
    return new MessageEvent.Appended(
        mailboxId,
        uid,
        m.digest(),
        m.size(),
        m.headerSize(),
        m.internalDate(),
        m.sentDate(),
        RestoreExpunged.withoutDeleted(m.flags()),
        m.keywords(),
        m.messageId(),
        m.summary());
  }
}
