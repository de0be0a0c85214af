package dev.msgstore.projections;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.MessageRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/**
 * Messages keyed by (mailbox id, uid), both big-endian, so a mailbox is one contiguous range in UID
 * order; a value ends with the message's MODSEQ. The same layout serves the expunge ledger, with
 * the expunge time appended instead.
 */
final class MessageIndex {
  private final Table table;

  MessageIndex(Table table) {
    this.table = table;
  }

  Optional<MessageRecord> get(Txn<ByteBuffer> tx, long mailboxId, long uid) {
    ByteBuffer v = table.get(tx, Keys.pair(Keys.local().key, mailboxId, uid));
    return v == null ? Optional.empty() : Optional.of(decode(mailboxId, uid, v.duplicate()));
  }

  /** Visits the mailbox's messages with uid ≥ {@code fromUid} in UID order, while it says so. */
  void scan(Txn<ByteBuffer> tx, long mailboxId, long fromUid, Predicate<MessageRecord> visitor) {
    Keys k = Keys.local();
    table.scanFrom(
        tx,
        Keys.pair(k.key2, mailboxId, fromUid),
        (key, v) -> {
          long mb = key.getLong(key.position());
          return mb == mailboxId
              && visitor.test(decode(mb, key.getLong(key.position() + 8), v.duplicate()));
        });
  }

  /** Whether the mailbox holds {@code uid}, without decoding the message. */
  boolean contains(Txn<ByteBuffer> tx, long mailboxId, long uid) {
    return table.get(tx, Keys.pair(Keys.local().key, mailboxId, uid)) != null;
  }

  /**
   * As {@link #scan}, with only each message's UID and flags, read where {@link #encode} puts them:
   * a count of unseen messages decodes nothing else.
   */
  void scanFlags(
      Txn<ByteBuffer> tx, long mailboxId, long fromUid, ProjectionReader.FlagsVisitor visitor) {
    Keys k = Keys.local();
    table.scanFrom(
        tx,
        Keys.pair(k.key2, mailboxId, fromUid),
        (key, v) ->
            key.getLong(key.position()) == mailboxId
                && visitor.visit(
                    key.getLong(key.position() + 8), v.getInt(v.position() + FLAGS_AT)));
  }

  /**
   * Where the flags are in a value: after the digest, size, header size and the two dates, as
   * {@link #encode} writes them (MessageIndexTest holds the two together).
   */
  static final int FLAGS_AT = 4 * Long.BYTES + Long.BYTES + Integer.BYTES + 2 * Long.BYTES;

  /**
   * Writes the message, changed in commit {@code modSeq}: its MODSEQ (see {@link ModSeqIndex}) is
   * the value's last field, after what {@link #encode} writes.
   */
  void put(Txn<ByteBuffer> tx, MessageRecord m, long modSeq, Buf key, Buf value) {
    table.put(tx, Keys.pairIn(key, m.mailboxId(), m.uid()), encode(value, m).putLong(modSeq));
  }

  /**
   * Writes the message {@code a} appends, saved at {@code savedDate}, as {@link #put(Txn,
   * MessageRecord, long, Buf, Buf)} writes {@code MessageRecord.of(a, savedDate)}, without making
   * the record: most of a replay's events are appends.
   */
  void put(
      Txn<ByteBuffer> tx,
      MessageEvent.Appended a,
      long savedDate,
      long modSeq,
      Buf key,
      Buf value) {
    table.put(
        tx, Keys.pairIn(key, a.mailboxId(), a.uid()), encode(value, a, savedDate).putLong(modSeq));
  }

  /** The MODSEQ in a value of this table (its last eight bytes). */
  static long modSeq(ByteBuffer value) {
    return value.getLong(value.limit() - Long.BYTES);
  }

  boolean remove(Txn<ByteBuffer> tx, long mailboxId, long uid, Buf key) {
    return table.delete(tx, Keys.pair(key, mailboxId, uid));
  }

  long count(Txn<ByteBuffer> tx) {
    return table.count(tx);
  }

  static Buf encode(Buf b, MessageRecord m) {
    return encode(
        b.clear(),
        m.digest(),
        m.size(),
        m.headerSize(),
        m.internalDate(),
        m.sentDate(),
        SystemFlag.toBits(m.flags()),
        m.keywords(),
        m.messageId(),
        m.savedDate(),
        m.summary());
  }

  /** As {@link #encode(Buf, MessageRecord)} of {@code MessageRecord.of(a, savedDate)}. */
  static Buf encode(Buf b, MessageEvent.Appended a, long savedDate) {
    return encode(
        b.clear(),
        a.digest(),
        a.size(),
        a.headerSize(),
        a.internalDate(),
        a.sentDate(),
        SystemFlag.toBits(a.flags()),
        a.keywords(),
        a.messageId(),
        savedDate,
        a.summary());
  }

  /** The value's layout, after what {@code b} holds (a record's or an append's fields). */
  private static Buf encode(
      Buf b,
      Digest digest,
      long size,
      int headerSize,
      long internalDate,
      long sentDate,
      int flags,
      List<String> keywords,
      String messageId,
      long savedDate,
      MessageEvent.Summary summary) {
    return b.putDigest(digest)
        .putLong(size)
        .putInt(headerSize)
        .putLong(internalDate)
        .putLong(sentDate)
        .putInt(flags)
        .putStrings(keywords)
        .putString(messageId)
        .putLong(savedDate)
        .putString(summary.from())
        .putString(summary.to())
        .putString(summary.subject());
  }

  static MessageRecord decode(long mailboxId, long uid, ByteBuffer in) {
    return new MessageRecord(
        mailboxId,
        uid,
        Buf.getDigest(in),
        in.getLong(),
        in.getInt(),
        in.getLong(),
        in.getLong(),
        SystemFlag.setOf(in.getInt()),
        Buf.getStrings(in),
        Buf.getString(in),
        in.getLong(),
        new MessageEvent.Summary(Buf.getString(in), Buf.getString(in), Buf.getString(in)));
  }
}
