package dev.msgstore.projections;

import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.DirectoryDomainEntry;
import dev.msgstore.projections.model.DirectoryUserEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.ModSeq;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.projections.model.SharedAccess;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.projections.model.VaultedMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/**
 * A consistent read view of every projection (one LMDB read transaction). Results are records; the
 * visitor methods stream large sets (a mailbox's messages) without holding them in heap.
 */
public final class ProjectionReader implements AutoCloseable {
  private final Projections p;
  private final Txn<ByteBuffer> tx;
  private final boolean ownsTxn;
  private final Runnable onClose;
  private boolean closed;

  ProjectionReader(Projections p, Txn<ByteBuffer> tx) {
    this(p, tx, true, () -> {});
  }

  ProjectionReader(Projections p, Txn<ByteBuffer> tx, boolean ownsTxn, Runnable onClose) {
    this.p = p;
    this.tx = tx;
    this.ownsTxn = ownsTxn;
    this.onClose = onClose;
  }

  public long stamp() {
    return p.stamp(tx);
  }

  /**
   * A reader of this one's transaction, whose close leaves the transaction to this one: for a
   * callee that opens and closes readers of its own (the embedded directory) while its caller has
   * one open already, so that the callee reads the caller's view instead of beginning another
   * transaction. Valid only while this reader is open.
   */
  public ProjectionReader sharing() {
    return new ProjectionReader(p, tx, false, () -> {});
  }

  /**
   * The audit index, read in this reader's transaction (valid while it is open; closing it leaves
   * the transaction to this reader).
   */
  public AuditReader audit() {
    return AuditReader.of(p.audit.lookup(tx));
  }

  public Optional<MailboxRecord> mailbox(String name) {
    return p.mailboxes.byName(tx, name);
  }

  public Optional<MailboxRecord> mailbox(long id) {
    return p.mailboxes.byId(tx, id);
  }

  /** Mailboxes whose names start with {@code prefix} ("" for all), in name order. */
  public void forEachMailbox(String prefix, Predicate<MailboxRecord> visitor) {
    p.mailboxes.scan(tx, prefix, visitor);
  }

  public List<MailboxRecord> mailboxes(String prefix) {
    List<MailboxRecord> out = new ArrayList<>();
    forEachMailbox(prefix, out::add);
    return out;
  }

  public long mailboxCount() {
    return p.mailboxes.count(tx);
  }

  public long nextMailboxId() {
    return p.nextMailboxId(tx);
  }

  public Optional<MessageRecord> message(long mailboxId, long uid) {
    return p.messages.get(tx, mailboxId, uid);
  }

  /** The mailbox's messages with uid ≥ {@code fromUid}, in UID order, while the visitor says so. */
  public void forEachMessage(long mailboxId, long fromUid, Predicate<MessageRecord> visitor) {
    p.messages.scan(tx, mailboxId, fromUid, visitor);
  }

  /** A message's UID and its system flags' bits, while it says so (true: go on). */
  public interface FlagsVisitor {
    boolean visit(long uid, int flagBits);
  }

  /** Whether the mailbox holds {@code uid} (cheaper than {@link #message}: nothing is decoded). */
  public boolean containsMessage(long mailboxId, long uid) {
    return p.messages.contains(tx, mailboxId, uid);
  }

  /**
   * As {@link #forEachMessage}, with only each message's UID and {@link
   * dev.msgstore.journal.event.SystemFlag#toBits flag bits}: for counts that need nothing more.
   */
  public void forEachMessageFlags(long mailboxId, long fromUid, FlagsVisitor visitor) {
    p.messages.scanFlags(tx, mailboxId, fromUid, visitor);
  }

  public List<MessageRecord> messages(long mailboxId) {
    List<MessageRecord> out = new ArrayList<>();
    forEachMessage(mailboxId, 0, out::add);
    return out;
  }

  public long messageCount() {
    return p.messages.count(tx);
  }

  public Optional<ExpungedMessage> expunged(long mailboxId, long uid) {
    return p.expunged.get(tx, mailboxId, uid);
  }

  public List<ExpungedMessage> expunged(long mailboxId) {
    List<ExpungedMessage> out = new ArrayList<>();
    p.expunged.scan(tx, mailboxId, out::add);
    return out;
  }

  /**
   * The mailbox's HIGHESTMODSEQ (RFC 7162): the journal index of the last commit that created it,
   * appended to it, changed a flag in it or expunged from it; 0 for no such mailbox.
   */
  public long highestModSeq(long mailboxId) {
    return p.modSeqs.highest(tx, mailboxId);
  }

  /** The message's MODSEQ (the index of the commit that last changed it), 0 if unknown. */
  public long modSeq(long mailboxId, long uid) {
    return p.modSeqs.of(tx, mailboxId, uid);
  }

  /**
   * The mailbox's modification sequences in UID order, expunged messages included (until the
   * mailbox is deleted), while the visitor says so.
   */
  public void forEachModSeq(long mailboxId, Predicate<ModSeq> visitor) {
    p.modSeqs.scan(tx, mailboxId, visitor);
  }

  /**
   * As {@link #forEachModSeq} without the expunged messages, which it does not read: a mailbox
   * keeps every expunged message's until it is deleted, so they may far outnumber its messages.
   */
  public void forEachLiveModSeq(long mailboxId, Predicate<ModSeq> visitor) {
    p.modSeqs.scanLive(tx, mailboxId, visitor);
  }

  /** The special uses (RFC 6154) the mailbox was given, if it was given any (or none) at all. */
  public Optional<List<String>> specialUse(long mailboxId) {
    return p.specialUses.get(tx, mailboxId);
  }

  public void forEachExpunged(Predicate<ExpungedMessage> visitor) {
    p.expunged.scanAll(tx, visitor);
  }

  /** The user's vaulted messages (purged, or of a deleted mailbox), while the visitor says so. */
  public void forEachVaulted(String user, Predicate<VaultedMessage> visitor) {
    p.vault.scanOwner(tx, user, visitor);
  }

  /** Every vaulted message, in (mailbox id, uid) order, while the visitor says so. */
  public void forEachVaulted(Predicate<VaultedMessage> visitor) {
    p.vault.scanAll(tx, visitor);
  }

  public List<VaultedMessage> vaulted(long mailboxId) {
    List<VaultedMessage> out = new ArrayList<>();
    p.vault.scanMailbox(tx, mailboxId, out::add);
    return out;
  }

  public Optional<VaultedMessage> vaulted(long mailboxId, long uid) {
    return p.vault.get(tx, mailboxId, uid);
  }

  /** The quota root's usage and limits; a root never seen has no usage and no limits. */
  public QuotaRecord quota(String root) {
    return p.quotas.get(tx, root).orElse(QuotaRecord.empty(root));
  }

  public void forEachQuota(String prefix, Predicate<QuotaRecord> visitor) {
    p.quotas.scan(tx, prefix, visitor);
  }

  public List<AclEntry> acl(long mailboxId) {
    return p.acl.of(tx, mailboxId);
  }

  /** Every mailbox on which {@code identifier} holds rights: the reverse ACL index. */
  public List<AclEntry> aclOf(String identifier) {
    return p.acl.byIdentifier(tx, identifier);
  }

  /** The whole reverse ACL index, by identifier then mailbox id. */
  public void forEachAclByIdentifier(Predicate<AclEntry> visitor) {
    p.acl.forEachByIdentifier(tx, visitor);
  }

  public List<Subscription> subscriptions(String user) {
    List<Subscription> out = new ArrayList<>();
    p.subscriptions.scan(
        tx,
        user + '\0',
        (k, v) -> out.add(new Subscription(user, k.substring(k.indexOf('\0') + 1))));
    return out;
  }

  public boolean isSubscribed(String user, String mailbox) {
    return p.subscriptions.get(tx, ProjectionWriter.subscriptionKey(user, mailbox)).isPresent();
  }

  /** Options set in the journal (the defaults come from the option catalog, not from here). */
  public Map<String, String> configOverrides() {
    Map<String, String> out = new LinkedHashMap<>();
    p.config.scan(tx, "", (k, v) -> out.put(k, v) != null || true);
    return out;
  }

  public Optional<String> configOverride(String name) {
    return p.config.get(tx, name);
  }

  public Optional<UserRecord> user(String userId) {
    return p.users.get(tx, userId);
  }

  /** The move of {@code userId}'s mailboxes to another host in progress, or done (rehostuser). */
  public Optional<dev.msgstore.projections.model.UserMove> userMove(String userId) {
    return p.userMoves.get(tx, userId);
  }

  /** Whether any user's mailboxes are being moved or have moved away: most stores, never. */
  public boolean anyUserMove() {
    return p.userMoves.any(tx);
  }

  public void forEachUser(String prefix, Predicate<UserRecord> visitor) {
    p.users.scan(tx, prefix, visitor);
  }

  /** The last quota notice {@code imquotacheck -n} gave {@code root}, if it is still in force. */
  public Optional<QuotaNotice> quotaNotice(String root) {
    return p.quotaNotices.get(tx, root).map(QuotaNotice::parse);
  }

  /** A user of the embedded directory by name ({@code uid} or {@code uid@domain}). */
  public Optional<DirectoryUserEntry> directoryUser(String name) {
    return p.directory.user(tx, name);
  }

  /** The name of the embedded directory's user with this address (domain compared without case). */
  public Optional<String> directoryUserOfAddress(String address) {
    return p.directory.nameOfAddress(tx, address);
  }

  /** The embedded directory's users whose names start with {@code prefix}, in name order. */
  public void forEachDirectoryUser(String prefix, Predicate<DirectoryUserEntry> visitor) {
    p.directory.forEachUser(tx, prefix, visitor);
  }

  /** The embedded directory's address index: (address, user name), in address order. */
  public void forEachDirectoryAddress(java.util.function.BiPredicate<String, String> visitor) {
    p.directory.forEachAddress(tx, visitor);
  }

  public Optional<DirectoryDomainEntry> directoryDomain(String name) {
    return p.directory.domain(tx, name);
  }

  public void forEachDirectoryDomain(String prefix, Predicate<DirectoryDomainEntry> visitor) {
    p.directory.forEachDomain(tx, prefix, visitor);
  }

  public List<SharedAccess> readership(long mailboxId) {
    return p.readership.of(tx, mailboxId);
  }

  /** The last recorded access of every user (null) or of {@code user}, per protocol. */
  public List<dev.msgstore.projections.model.LastAccess> lastAccesses(String user) {
    return p.lastAccesses.of(tx, user);
  }

  @Override
  public void close() {
    if (closed) {
      return; // a second close must not give a reused transaction back twice
    }
    closed = true;
    if (ownsTxn) {
      tx.close();
    }
    onClose.run();
  }
}
