package dev.msgstore.store.command;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.Rejected;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Restores one mailbox from a backup as one commit ({@code imsrestore}): all of it or, refused,
 * none of it.
 *
 * <ul>
 *   <li>Into a mailbox that does not exist: it is created with the backup's UIDVALIDITY, every
 *       message keeps its UID, and UIDNEXT is the backup's (raised past UIDs expunged and purged
 *       before the backup by a placeholder appended, expunged and purged in the same commit, so
 *       that no UID a client saw is given again under that UIDVALIDITY). A {@code uidValidity} of 0
 *       gives the mailbox a new one of its own, as any new mailbox gets.
 *   <li>Into an existing mailbox ({@code Mode.MERGE}): messages are appended after its last UID
 *       under its own UIDVALIDITY (new UIDs above every UID it gave: RFC 3501 2.3.1.1 asks for a
 *       new UIDVALIDITY only when UIDs go back). A message already there (same body) is skipped,
 *       unless {@code ignoreExisting} ({@code -i}); {@code update} ({@code -E}) sets its flags to
 *       the backup's and expunges the mailbox's messages the backup does not hold.
 *   <li>{@code Mode.DELTA}, an incremental's mailbox: the existing mailbox must be the base (same
 *       UIDVALIDITY); kept messages get their flags, new ones their UIDs, the others are expunged.
 * </ul>
 *
 * {@code withExpunged}: the backup holds the expunged messages not yet purged ({@code imsbackup
 * -x}), so in a delta those of the mailbox it does not hold were purged since its base.
 *
 * <p>ACL entries are set as the backup has them (for a merge, only identifiers the mailbox lacks).
 * Unless {@code ignoreQuota}, the owner's quota must hold the messages appended.
 */
public record RestoreMailbox(
    String name,
    String partition,
    long uidValidity,
    long uidNext,
    Map<String, String> acl,
    List<Item> items,
    Mode mode,
    boolean ignoreExisting,
    boolean update,
    boolean ignoreQuota,
    boolean withExpunged,
    Digest placeholder)
    implements Command {

  public enum Mode {
    MERGE,
    DELTA
  }

  /**
   * A message of the backup. {@code stored}: its body is in the store (a message record); false for
   * an incremental's kept message, which names a message of the base.
   */
  public record Item(
      long uid,
      Digest digest,
      long size,
      int headerSize,
      long internalDate,
      long sentDate,
      Set<SystemFlag> flags,
      List<String> keywords,
      String messageId,
      boolean expunged,
      boolean stored) {
    public Item {
      flags = Set.copyOf(flags);
      keywords = List.copyOf(keywords);
      Keywords.requireValid(keywords);
    }
  }

  public RestoreMailbox {
    acl = Map.copyOf(acl);
    items = List.copyOf(items);
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    String canonical = DecisionContext.validName(name);
    var existing = ctx.state().mailbox(canonical);
    List<Event> events = new ArrayList<>();
    if (existing.isEmpty()) {
      if (mode == Mode.DELTA) {
        throw Rejected.notFound(
            canonical + ": not in this store; restore the full backup it is an increment of first");
      }
      created(ctx, canonical, events);
      return events;
    }
    MailboxRecord m = existing.get();
    if (mode == Mode.DELTA) {
      if (m.uidValidity() != uidValidity) {
        throw Rejected.invalid(
            canonical
                + ": its UIDVALIDITY is "
                + m.uidValidity()
                + ", the incremental's base had "
                + uidValidity
                + "; restore the full backup it is an increment of first");
      }
      delta(ctx, m, events);
    } else {
      merge(ctx, m, events);
    }
    return events;
  }

  private void created(DecisionContext ctx, String canonical, List<Event> events) {
    List<Event> made = new CreateMailboxes(List.of(canonical), partition).decide(ctx);
    MailboxEvent.Created c = (MailboxEvent.Created) made.get(made.size() - 1);
    events.addAll(made.subList(0, made.size() - 1));
    // 0: the new mailbox's own UIDVALIDITY (a point-in-time restore renumbers its UIDs)
    long validity = uidValidity > 0 ? uidValidity : c.uidValidity();
    events.add(new MailboxEvent.Created(c.mailboxId(), c.name(), c.partition(), validity));
    requireBodies(ctx, c.partition());
    List<Long> expunged = new ArrayList<>();
    long bytes = 0;
    long count = 0;
    long last = 0;
    for (Item i : items) {
      if (!i.stored()) {
        throw Rejected.invalid(canonical + ": a kept message in a full backup");
      }
      if (i.uid() <= last) {
        throw Rejected.invalid(canonical + ": UID " + i.uid() + " out of order in the backup");
      }
      last = i.uid();
      events.add(appended(c.mailboxId(), i.uid(), i));
      if (i.expunged()) {
        expunged.add(i.uid());
      } else {
        bytes += i.size();
        count++;
      }
    }
    if (!expunged.isEmpty()) {
      events.add(new MessageEvent.Expunged(c.mailboxId(), expunged));
    }
    raiseUidNext(c.mailboxId(), last + 1, events);
    for (var e : acl.entrySet()) {
      events.add(new AclEvent.EntrySet(c.mailboxId(), e.getKey(), e.getValue()));
    }
    checkQuota(ctx, canonical, bytes, count);
  }

  private void merge(DecisionContext ctx, MailboxRecord m, List<Event> events) {
    requireBodies(ctx, m.partition());
    Map<Digest, List<MessageRecord>> present = new HashMap<>();
    Set<Long> matched = new HashSet<>();
    if (!ignoreExisting || update) {
      ctx.state()
          .forEachMessage(
              m.id(),
              0,
              msg -> {
                present.computeIfAbsent(msg.digest(), k -> new ArrayList<>()).add(msg);
                return true;
              });
    }
    long uid = m.uidNext();
    List<Long> expunged = new ArrayList<>();
    long bytes = 0;
    long count = 0;
    for (Item i : items) {
      if (!i.stored()) {
        throw Rejected.invalid(m.name() + ": a kept message in a full backup");
      }
      List<MessageRecord> same = ignoreExisting ? null : present.get(i.digest());
      if (same != null && !same.isEmpty() && !i.expunged()) {
        MessageRecord there = same.remove(0);
        matched.add(there.uid());
        if (update
            && (!there.flags().equals(i.flags()) || !there.keywords().equals(i.keywords()))) {
          events.add(new MessageEvent.FlagsStored(m.id(), there.uid(), i.flags(), i.keywords()));
        }
        continue;
      }
      events.add(appended(m.id(), uid, i));
      if (i.expunged()) {
        expunged.add(uid);
      } else {
        matched.add(uid);
        bytes += i.size();
        count++;
      }
      uid++;
    }
    if (update) {
      ctx.state()
          .forEachMessage(
              m.id(),
              0,
              msg -> {
                if (!matched.contains(msg.uid())) {
                  expunged.add(msg.uid());
                }
                return true;
              });
    }
    if (!expunged.isEmpty()) {
      events.add(new MessageEvent.Expunged(m.id(), expunged));
    }
    Set<String> has = new HashSet<>();
    for (AclEntry e : ctx.state().acl(m.id())) {
      has.add(e.identifier());
    }
    for (var e : acl.entrySet()) {
      if (!has.contains(e.getKey())) {
        events.add(new AclEvent.EntrySet(m.id(), e.getKey(), e.getValue()));
      }
    }
    checkQuota(ctx, m.name(), bytes, count);
  }

  private void delta(DecisionContext ctx, MailboxRecord m, List<Event> events) {
    requireBodies(ctx, m.partition());
    Map<Long, MessageRecord> live = new HashMap<>();
    ctx.state()
        .forEachMessage(
            m.id(),
            0,
            msg -> {
              live.put(msg.uid(), msg);
              return true;
            });
    Map<Long, ExpungedMessage> gone = new HashMap<>();
    for (ExpungedMessage e : ctx.state().expunged(m.id())) {
      gone.put(e.message().uid(), e);
    }
    Set<Long> mentioned = new HashSet<>();
    List<Long> expunge = new ArrayList<>();
    long bytes = 0;
    long count = 0;
    long last = 0;
    for (Item i : items) {
      mentioned.add(i.uid());
      last = Math.max(last, i.uid());
      MessageRecord there = live.get(i.uid());
      if (there == null && gone.containsKey(i.uid()) && i.expunged()) {
        continue; // expunged at the base and now
      }
      if (there == null) {
        if (!i.stored() || i.uid() < m.uidNext()) {
          throw Rejected.notFound(
              m.name()
                  + ": UID "
                  + i.uid()
                  + " of the incremental's base is not here; restore the backups in order");
        }
        events.add(appended(m.id(), i.uid(), i));
        if (i.expunged()) {
          expunge.add(i.uid());
        } else {
          bytes += i.size();
          count++;
        }
        continue;
      }
      if (!there.digest().equals(i.digest())) {
        throw Rejected.invalid(
            m.name() + ": UID " + i.uid() + " holds another message than the incremental's base");
      }
      if (i.expunged()) {
        expunge.add(i.uid());
      } else if (!there.flags().equals(i.flags()) || !there.keywords().equals(i.keywords())) {
        events.add(new MessageEvent.FlagsStored(m.id(), i.uid(), i.flags(), i.keywords()));
      }
    }
    for (long uid : live.keySet().stream().sorted().toList()) {
      if (!mentioned.contains(uid)) {
        expunge.add(uid);
      }
    }
    if (!expunge.isEmpty()) {
      events.add(new MessageEvent.Expunged(m.id(), expunge.stream().sorted().toList()));
    }
    if (withExpunged) {
      List<Long> purged =
          gone.keySet().stream().filter(uid -> !mentioned.contains(uid)).sorted().toList();
      if (!purged.isEmpty()) {
        events.add(new MessageEvent.Purged(m.id(), purged));
      }
    }
    raiseUidNext(m.id(), Math.max(last + 1, m.uidNext()), events);
    Map<String, String> now = new HashMap<>();
    for (AclEntry e : ctx.state().acl(m.id())) {
      now.put(e.identifier(), e.rights());
    }
    for (var e : acl.entrySet()) {
      if (!e.getValue().equals(now.get(e.getKey()))) {
        events.add(new AclEvent.EntrySet(m.id(), e.getKey(), e.getValue()));
      }
    }
    for (String id : now.keySet().stream().sorted().toList()) {
      if (!acl.containsKey(id)) {
        events.add(new AclEvent.EntryRemoved(m.id(), id));
      }
    }
    checkQuota(ctx, m.name(), bytes, count);
  }

  /**
   * UIDNEXT up to the backup's: a placeholder message at the UID before it, expunged and purged in
   * the same commit, so that the UIDs the backed-up mailbox had given are never given again.
   */
  private void raiseUidNext(long mailboxId, long next, List<Event> events) {
    if (uidNext <= next || placeholder == null) {
      return;
    }
    long uid = uidNext - 1;
    events.add(
        new MessageEvent.Appended(
            mailboxId, uid, placeholder, 0, 0, 0, 0, Set.of(), List.of(), ""));
    events.add(new MessageEvent.Expunged(mailboxId, List.of(uid)));
    events.add(new MessageEvent.Purged(mailboxId, List.of(uid)));
  }

  private void requireBodies(DecisionContext ctx, String where) {
    for (Item i : items) {
      if (i.stored() && !ctx.bodyStored(where, i.digest())) {
        throw new AppendMessage.BodyNotInPartition(where);
      }
    }
  }

  private void checkQuota(DecisionContext ctx, String mailbox, long bytes, long count) {
    if (ignoreQuota || count == 0) {
      return;
    }
    var owner = MailboxNames.ownerOf(mailbox);
    if (owner.isEmpty()) {
      return;
    }
    QuotaRecord q = ctx.state().quota(owner.get());
    if ((q.limitBytes() >= 0 && q.usedBytes() + bytes > q.limitBytes())
        || (q.limitMessages() >= 0 && q.usedMessages() + count > q.limitMessages())) {
      throw new Rejected(
          Rejected.Kind.OVER_QUOTA,
          "over quota: "
              + owner.get()
              + " uses "
              + q.usedBytes()
              + " of "
              + q.limitBytes()
              + " bytes and "
              + q.usedMessages()
              + " of "
              + q.limitMessages()
              + " messages; restoring "
              + mailbox
              + " adds "
              + bytes
              + " bytes in "
              + count
              + " messages");
    }
  }

  private static MessageEvent.Appended appended(long mailboxId, long uid, Item i) {
    return new MessageEvent.Appended(
        mailboxId,
        uid,
        i.digest(),
        i.size(),
        i.headerSize(),
        i.internalDate(),
        i.sentDate(),
        i.flags(),
        i.keywords(),
        i.messageId());
  }
}
