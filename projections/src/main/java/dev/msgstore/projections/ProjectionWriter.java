package dev.msgstore.projections;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MaintenanceEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SessionEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.DirectoryDomainEntry;
import dev.msgstore.projections.model.DirectoryUserEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.projections.model.SharedAccess;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.projections.model.VaultedMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lmdbjava.Txn;

/**
 * One LMDB write transaction over the projections, and the one place where events change them
 * ({@link #apply}: an exhaustive switch over every event type). Mailbox and quota records touched
 * in the transaction are cached and written once at {@link #commit}, so a replay of a million
 * appends writes each mailbox record once per batch rather than once per message.
 */
public final class ProjectionWriter implements AutoCloseable {
  private final Projections p;
  private final Txn<ByteBuffer> tx;
  private final Buf key = new Buf(64);
  private final Buf value = new Buf(512);
  // What this transaction has of each mailbox it touched, written at flush: one look-up an event
  // of a replay, where a map per thing kept (record, owner, quota, HIGHESTMODSEQ) took five.
  private final LongMap<MailboxState> mailboxStates = new LongMap<>();
  private final Map<String, QuotaTally> quotaCache = new HashMap<>();
  private final long holdLimit;
  private Table.Budget held; // while this transaction's tables hold its writes (a bulk replay)
  private long stamp;
  private long eventsApplied;
  private boolean done;

  /**
   * On empty projections, the tables hold the writes (up to {@code holdLimit} bytes at a time; 0:
   * never), as they do after {@link #clearAll}: the same events, written in key order.
   */
  ProjectionWriter(Projections p, Txn<ByteBuffer> tx, long holdLimit) {
    this.p = p;
    this.tx = tx;
    this.holdLimit = holdLimit;
    this.stamp = p.stamp(tx);
    if (stamp == dev.msgstore.journal.Journal.NO_INDEX) {
      hold();
    }
  }

  private void hold() {
    if (held == null && holdLimit > 0) {
      held = new Table.Budget(holdLimit);
      p.hold(tx, held);
    }
  }

  /** Whether this transaction holds its writes: a replay into empty projections. */
  public boolean holdsWrites() {
    return held != null;
  }

  /** The journal index this transaction covers so far. */
  public long stamp() {
    return stamp;
  }

  /** A read view of this transaction, including what it has applied but not yet committed. */
  public ProjectionReader view() {
    return view(() -> {});
  }

  /** A read view of this transaction that runs {@code onClose} when closed. */
  public ProjectionReader view(Runnable onClose) {
    flush();
    return new ProjectionReader(p, tx, false, onClose);
  }

  public void apply(Commit commit) {
    long micros = commit.meta().timeMicros();
    for (Event e : commit.events()) {
      // Most of a replay is appends: their own small path is compiled early and cheaply, where
      // the whole switch below made one of a cold replay's largest compiles.
      if (e instanceof MessageEvent.Appended a) {
        appended(a, micros, commit.index());
      } else {
        apply(e, micros, commit.index());
      }
    }
    eventsApplied += commit.events().size();
    stamp = commit.index();
    if (held != null && held.spent()) {
      p.flushHeld();
    }
  }

  /** How many events this transaction has applied (replay figures count events, not commits). */
  public long eventsApplied() {
    return eventsApplied;
  }

  /**
   * {@code index}, the commit's journal index, is the modification sequence it gives (RFC 7162).
   */
  private void apply(Event event, long micros, long index) {
    switch (event) {
      case MailboxEvent.Created c -> {
        MailboxRecord m =
            new MailboxRecord(
                c.mailboxId(), c.name(), c.partition(), c.uidValidity(), 1, 0, 0, 0, micros);
        MailboxState s = state(m.id());
        s.record = m;
        s.owner = null;
        s.quota = null;
        p.mailboxes.put(tx, m, key, value);
        p.mailboxIdUsed(tx, m.id(), value);
        raiseModSeq(m.id(), index);
        forgetMoveAway(c.name());
      }
      case MailboxEvent.Renamed r -> renamed(r);
      case MailboxEvent.Deleted d -> deleted(d.mailboxId(), micros);
      case MailboxEvent.SpecialUseSet u ->
          p.specialUses.put(tx, u.mailboxId(), u.uses(), key, value);
      case MessageEvent.Appended a -> appended(a, micros, index);
      case MessageEvent.FlagsStored f -> {
        Optional<MessageRecord> m = p.messages.get(tx, f.mailboxId(), f.uid());
        if (m.isPresent()) {
          p.messages.put(tx, m.get().withFlags(f.flags(), f.keywords()), index, key, value);
          raiseModSeq(f.mailboxId(), index);
        }
      }
      case MessageEvent.Expunged x -> {
        for (long uid : x.uids()) {
          Optional<MessageRecord> m = p.messages.get(tx, x.mailboxId(), uid);
          if (m.isPresent()) {
            p.messages.remove(tx, x.mailboxId(), uid, key);
            p.expunged.put(tx, m.get(), micros, key, value);
            p.modSeqs.expunged(tx, x.mailboxId(), uid, index, key, value);
            raiseModSeq(x.mailboxId(), index);
            removed(m.get());
          }
        }
      }
      case MessageEvent.Restored r -> {
        Optional<ExpungedMessage> e = p.expunged.get(tx, r.mailboxId(), r.expungedUid());
        if (e.isPresent()) {
          p.expunged.remove(tx, r.mailboxId(), r.expungedUid(), key);
          // Restored is saved anew: an expire by savedays must not take it straight back.
          added(
              state(r.mailboxId()), e.get().message().restoredAs(r.newUid(), micros / 1000), index);
          raiseModSeq(r.mailboxId(), index);
        }
      }
      case MessageEvent.Purged x -> {
        MailboxRecord mb = mailbox(x.mailboxId());
        for (long uid : x.uids()) {
          Optional<ExpungedMessage> e = p.expunged.get(tx, x.mailboxId(), uid);
          if (e.isPresent()) {
            p.expunged.remove(tx, x.mailboxId(), uid, key);
            vault(mb, e.get().message(), e.get().expungedMicros(), micros);
          }
        }
      }
      case MessageEvent.Forgotten f -> {
        for (long uid : f.uids()) {
          p.vault.remove(tx, f.mailboxId(), uid, key);
        }
      }
      case AclEvent.EntrySet s ->
          p.acl.set(tx, new AclEntry(s.mailboxId(), s.identifier(), s.rights()), key, value);
      case AclEvent.EntryRemoved r -> p.acl.remove(tx, r.mailboxId(), r.identifier(), key);
      case QuotaEvent.LimitSet l -> {
        QuotaTally q = quota(l.root());
        q.record = q.record.withLimits(l.storageBytes(), l.messages());
      }
      case QuotaEvent.Notified n -> {
        if (n.percent() == 0) {
          p.quotaNotices.remove(tx, n.root(), key);
        } else {
          String overSince =
              p.quotaNotices
                  .get(tx, n.root())
                  .map(QuotaNotice::parse)
                  .filter(old -> old.overSinceMicros() > 0)
                  .map(old -> Long.toString(old.overSinceMicros()))
                  .orElse(n.percent() >= 100 ? Long.toString(micros) : "0");
          p.quotaNotices.put(
              tx,
              n.root(),
              n.rule()
                  + "\t"
                  + n.percent()
                  + "\t"
                  + micros
                  + "\t"
                  + (n.percent() >= 100 ? overSince : "0"),
              key,
              value);
        }
      }
      case SubscriptionEvent.Subscribed s ->
          p.subscriptions.put(tx, subscriptionKey(s.user(), s.mailbox()), "", key, value);
      case SubscriptionEvent.Unsubscribed u ->
          p.subscriptions.remove(tx, subscriptionKey(u.user(), u.mailbox()), key);
      case ConfigEvent.OptionSet s -> p.config.put(tx, s.name(), s.newValue(), key, value);
      case ConfigEvent.OptionDeleted d -> p.config.remove(tx, d.name(), key);
      case DirectoryEvent.UserCreated u ->
          p.users.put(tx, new UserRecord(u.userId(), u.partition(), "active", micros), key, value);
      case DirectoryEvent.UserStatusChanged s ->
          p.users
              .get(tx, s.userId())
              .ifPresent(
                  u ->
                      p.users.put(
                          tx,
                          new UserRecord(u.userId(), u.partition(), s.status(), u.createdMicros()),
                          key,
                          value));
      case DirectoryEvent.UserMoved m ->
          p.users
              .get(tx, m.userId())
              .ifPresent(
                  u ->
                      p.users.put(
                          tx,
                          new UserRecord(u.userId(), m.partition(), u.status(), u.createdMicros()),
                          key,
                          value));
      case DirectoryEvent.UserMoveStarted m ->
          p.userMoves.put(
              tx,
              new UserMove(m.userId(), true, m.host(), m.partition(), m.extended(), micros),
              key,
              value);
      case DirectoryEvent.UserMoveEnded m -> {
        if (m.moved()) {
          UserMove started =
              p.userMoves
                  .get(tx, m.userId())
                  .orElse(new UserMove(m.userId(), true, m.host(), "", false, micros));
          p.userMoves.put(
              tx,
              new UserMove(m.userId(), false, m.host(), started.partition(), false, micros),
              key,
              value);
        } else {
          p.userMoves.remove(tx, m.userId(), key);
        }
      }
      case DirectoryEntryEvent e -> directoryEntry(e, micros);
      case SessionEvent.SharedMailboxAccessed a ->
          p.readership.put(tx, new SharedAccess(a.mailboxId(), a.userId(), micros), key, value);
      case SessionEvent.SharedAccessForgotten f ->
          p.readership.remove(tx, f.mailboxId(), f.userId(), key);
      case SessionEvent.UserAccessed a ->
          p.lastAccesses.put(
              tx,
              new dev.msgstore.projections.model.LastAccess(
                  a.userId(), a.protocol(), micros, a.address(), a.login()),
              key,
              value);
      case MaintenanceEvent.DisconnectRequested d -> {
        // A signal to the running daemon, which tails the journal for it; no projection state.
      }
      case MaintenanceEvent.RefreshRequested r -> {
        // A signal to running services, which tail the journal for it; no projection state.
      }
      case MaintenanceEvent.CommitsVoided v -> {
        // The audit record of a repair; the voided documents were never applied.
      }
    }
  }

  /**
   * A user who moved to another host and gets an INBOX here again (moved back, restored) is served
   * here again: their record of the move away goes.
   */
  private void forgetMoveAway(String mailbox) {
    MailboxNames.ownerOf(mailbox)
        .filter(owner -> mailbox.equals(MailboxNames.inboxOf(owner)))
        .ifPresent(
            owner ->
                p.userMoves
                    .get(tx, owner)
                    .filter(m -> !m.inProgress())
                    .ifPresent(m -> p.userMoves.remove(tx, owner, key)));
  }

  /** The embedded directory: a status change is dated by the commit that made it. */
  private void directoryEntry(DirectoryEntryEvent event, long micros) {
    switch (event) {
      case DirectoryEntryEvent.UserEntryCreated c ->
          p.directory.putUser(
              tx, new DirectoryUserEntry(c.user(), micros, PasswordHash.NONE), key, value);
      case DirectoryEntryEvent.UserEntryModified m ->
          p.directory
              .user(tx, m.userName())
              .ifPresent(
                  old ->
                      p.directory.putUser(
                          tx,
                          new DirectoryUserEntry(
                              m.user(),
                              old.entry().status().equals(m.user().status())
                                  ? old.statusChangedMicros()
                                  : micros,
                              old.password()),
                          key,
                          value));
      case DirectoryEntryEvent.UserEntryDeleted d -> p.directory.removeUser(tx, d.userName(), key);
      case DirectoryEntryEvent.PasswordSet s ->
          p.directory
              .user(tx, s.userName())
              .ifPresent(
                  u ->
                      p.directory.putUser(
                          tx,
                          new DirectoryUserEntry(u.entry(), u.statusChangedMicros(), s.hash()),
                          key,
                          value));
      case DirectoryEntryEvent.DomainCreated c ->
          p.directory.putDomain(tx, new DirectoryDomainEntry(c.domain(), micros), key, value);
      case DirectoryEntryEvent.DomainModified m ->
          p.directory
              .domain(tx, m.domain().name())
              .ifPresent(
                  old ->
                      p.directory.putDomain(
                          tx,
                          new DirectoryDomainEntry(
                              m.domain(),
                              old.entry().status().equals(m.domain().status())
                                  ? old.statusChangedMicros()
                                  : micros),
                          key,
                          value));
      case DirectoryEntryEvent.DomainDeleted d -> p.directory.removeDomain(tx, d.name(), key);
    }
  }

  private void appended(MessageEvent.Appended a, long micros, long index) {
    MailboxState s = state(a.mailboxId());
    // what added(s, MessageRecord.of(a, micros / 1000), index) does, without the record
    p.messages.put(tx, a, micros / 1000, index, key, value);
    counted(s, a.uid(), a.size(), a.internalDate());
    raiseModSeq(s, index);
  }

  /** The mailbox's HIGHESTMODSEQ becomes {@code index} if that is higher (RFC 7162). */
  private void raiseModSeq(long mailboxId, long index) {
    raiseModSeq(state(mailboxId), index);
  }

  private void raiseModSeq(MailboxState s, long index) {
    if (s.highestModSeq == MailboxState.UNKNOWN) {
      s.highestModSeq = p.modSeqs.highest(tx, s.id);
    }
    if (s.highestModSeq < index) {
      s.highestModSeq = index;
    }
  }

  /** This transaction's state of the mailbox, made on first use (its record not yet read). */
  private MailboxState state(long mailboxId) {
    MailboxState s = mailboxStates.get(mailboxId);
    if (s == null) {
      s = new MailboxState(mailboxId);
      mailboxStates.put(mailboxId, s);
    }
    return s;
  }

  /**
   * One mailbox as this transaction has changed it, written at {@link #flush}: its record (null
   * until read, or while the registry has none), its quota root and HIGHESTMODSEQ.
   */
  private static final class MailboxState {
    static final long UNKNOWN = Long.MIN_VALUE;
    final long id;
    MailboxRecord record;
    String owner; // its quota root, "" for none; null until asked
    QuotaTally quota; // the owner's, once asked
    long highestModSeq = UNKNOWN; // as raised in this transaction

    MailboxState(long id) {
      this.id = id;
    }
  }

  /** A quota root's record as this transaction has changed it, written at {@link #flush}. */
  private static final class QuotaTally {
    QuotaRecord record;

    QuotaTally(QuotaRecord record) {
      this.record = record;
    }

    void add(long bytes, long messages) {
      record = record.plus(bytes, messages);
    }
  }

  static String subscriptionKey(String user, String mailbox) {
    return user + '\0' + mailbox;
  }

  /** The message comes into its mailbox {@code s} in commit {@code index}. */
  private void added(MailboxState s, MessageRecord m, long index) {
    p.messages.put(tx, m, index, key, value);
    counted(s, m.uid(), m.size(), m.internalDate());
  }

  /** A message of {@code uid} and {@code size} comes into the counts of mailbox {@code s}. */
  private void counted(MailboxState s, long uid, long size, long internalDate) {
    MailboxRecord mb = mailbox(s);
    if (mb == null) {
      return;
    }
    s.record =
        mb.withContent(
            Math.max(mb.uidNext(), uid + 1),
            mb.messages() + 1,
            mb.bytes() + size,
            Math.max(mb.lastAppend(), internalDate));
    QuotaTally q = ownerQuota(s);
    if (q != null) {
      q.add(size, 1);
    }
  }

  /**
   * The mailbox's quota root, parsed once per mailbox per transaction (replay asks per message);
   * null for none. The caller has read its record.
   */
  private String ownerOf(MailboxState s) {
    if (s.owner == null) {
      s.owner = s.record.owner().orElse("");
    }
    return s.owner.isEmpty() ? null : s.owner;
  }

  /** The tally of the mailbox's quota root, or null when it has none (its record is read). */
  private QuotaTally ownerQuota(MailboxState s) {
    if (s.quota == null) {
      String owner = ownerOf(s);
      if (owner == null) {
        return null;
      }
      s.quota = quota(owner);
    }
    return s.quota;
  }

  /** A message leaves the mailbox's and its owner's counts (UIDNEXT never goes back). */
  private void removed(MessageRecord m) {
    MailboxState s = state(m.mailboxId());
    MailboxRecord mb = mailbox(s);
    if (mb == null) {
      return;
    }
    s.record =
        mb.withContent(mb.uidNext(), mb.messages() - 1, mb.bytes() - m.size(), mb.lastAppend());
    QuotaTally q = ownerQuota(s);
    if (q != null) {
      q.add(-m.size(), -1);
    }
  }

  private void renamed(MailboxEvent.Renamed r) {
    MailboxState s = state(r.mailboxId());
    MailboxRecord old = mailbox(s);
    if (old == null) {
      return;
    }
    MailboxRecord moved = old.renamed(r.newName(), r.newPartition());
    s.owner = null;
    s.quota = null;
    p.mailboxes.removeName(tx, old.name(), key);
    s.record = moved;
    p.mailboxes.put(tx, moved, key, value);
    if (!old.owner().equals(moved.owner())) {
      old.owner().ifPresent(o -> quota(o).add(-old.bytes(), -old.messages()));
      moved.owner().ifPresent(o -> quota(o).add(old.bytes(), old.messages()));
    }
  }

  /**
   * Keeps a message that leaves its (user's) mailbox for good in the vault, for undelete. Not the
   * placeholder a restore appends, expunges and purges at once to raise UIDNEXT (size 0, no
   * internal date: no real append has both), nor a message of a mailbox no user owns.
   */
  private void vault(MailboxRecord mb, MessageRecord m, long expungedMicros, long vaultedMicros) {
    if (mb == null || (m.size() == 0 && m.internalDate() == 0)) {
      return;
    }
    String owner = ownerOf(state(mb.id()));
    if (owner == null) {
      return;
    }
    p.vault.put(
        tx,
        owner,
        new VaultedMessage(m, mb.name(), mb.partition(), expungedMicros, vaultedMicros),
        key,
        value);
  }

  private void deleted(long mailboxId, long micros) {
    MailboxRecord mb = mailbox(mailboxId);
    if (mb == null) {
      return;
    }
    List<MessageRecord> live = new ArrayList<>();
    p.messages.scan(tx, mailboxId, 0, live::add);
    for (MessageRecord m : live) {
      p.messages.remove(tx, mailboxId, m.uid(), key);
      vault(mb, m, micros, micros);
    }
    List<ExpungedMessage> expunged = new ArrayList<>();
    p.expunged.scan(tx, mailboxId, expunged::add);
    for (ExpungedMessage e : expunged) {
      p.expunged.remove(tx, mailboxId, e.message().uid(), key);
      vault(mb, e.message(), e.expungedMicros(), micros);
    }
    p.acl.removeAll(tx, mailboxId, key);
    p.readership.removeAll(tx, mailboxId, key);
    p.modSeqs.removeAll(tx, mailboxId, key);
    p.specialUses.remove(tx, mailboxId, key);
    mb.owner().ifPresent(o -> quota(o).add(-mb.bytes(), -mb.messages()));
    mailboxStates.remove(mailboxId);
    p.mailboxes.remove(tx, mb, key);
  }

  MailboxRecord mailbox(long id) {
    return mailbox(state(id));
  }

  private MailboxRecord mailbox(MailboxState s) {
    if (s.record == null) {
      s.record = p.mailboxes.byId(tx, s.id).orElse(null);
    }
    return s.record;
  }

  /** The root's tally in this transaction, read from the quota table on first use. */
  private QuotaTally quota(String root) {
    QuotaTally q = quotaCache.get(root);
    if (q == null) {
      q = new QuotaTally(p.quotas.get(tx, root).orElse(QuotaRecord.empty(root)));
      quotaCache.put(root, q);
    }
    return q;
  }

  private void flush() {
    mailboxStates.forEachValue(
        s -> {
          if (s.record != null) {
            p.mailboxes.putRecord(tx, s.record, key, value);
          }
          if (s.highestModSeq != MailboxState.UNKNOWN) {
            p.modSeqs.setHighest(tx, s.id, s.highestModSeq, key, value);
          }
        });
    mailboxStates.clear();
    for (QuotaTally q : quotaCache.values()) {
      p.quotas.put(tx, q.record, key, value);
    }
    quotaCache.clear();
  }

  /**
   * Empties every table in this transaction (for a rebuild in place): readers keep the old state
   * until this transaction commits, and the stamp goes back to "nothing applied".
   */
  void clearAll() {
    mailboxStates.clear();
    quotaCache.clear();
    p.clearAll(tx);
    stamp = dev.msgstore.journal.Journal.NO_INDEX;
    hold();
  }

  Txn<ByteBuffer> txn() {
    return tx;
  }

  /** Takes the stamp the transaction holds now (after a base was loaded into it). */
  void restamp() {
    stamp = p.stamp(tx);
  }

  public void commit() {
    flush();
    p.writeStamp(tx, stamp, value);
    if (held != null) {
      p.flushHeld();
    }
    tx.commit();
    done = true;
    release();
  }

  private void release() {
    if (held != null) {
      p.releaseHeld();
      held = null;
    }
  }

  @Override
  public void close() {
    if (!done) {
      tx.abort();
      done = true;
    }
    release();
    tx.close();
  }
}
