package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.ModSeq;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.function.Predicate;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Txn;

/**
 * Modification sequences (RFC 7162), which are journal indexes: per message, the index of the
 * commit that last changed it; per mailbox, the highest such index (its HIGHESTMODSEQ, first the
 * index of its creation). A live message's is the last field of its value in the message index
 * (written with it: every change to a message rewrites its value), so a replay writes no second
 * entry per message. An expunged message keeps an entry of its own here, keyed like the message
 * index, marked and dated by the expunge, until its mailbox is deleted: a purge does not drop it,
 * so QRESYNC's VANISHED (EARLIER) can never miss an expunge however old the client's state is. A
 * live message of the same UID (which a store never makes again) hides such an entry.
 */
final class ModSeqIndex {
  private final Table expunged;
  private final Table mailboxes;
  private final Table messages;

  /** Over {@code expunged}'s entries, {@code mailboxes}' highest, and the message index's table. */
  ModSeqIndex(Table expunged, Table mailboxes, Table messages) {
    this.expunged = expunged;
    this.mailboxes = mailboxes;
    this.messages = messages;
  }

  long highest(Txn<ByteBuffer> tx, long mailboxId) {
    ByteBuffer v = mailboxes.get(tx, Keys.id(Keys.local().key, mailboxId));
    return v == null ? 0 : v.getLong(v.position());
  }

  long of(Txn<ByteBuffer> tx, long mailboxId, long uid) {
    ByteBuffer key = Keys.pair(Keys.local().key, mailboxId, uid);
    ByteBuffer v = messages.get(tx, key);
    if (v != null) {
      return MessageIndex.modSeq(v);
    }
    v = expunged.get(tx, key);
    return v == null ? 0 : v.getLong(v.position());
  }

  /** Visits the mailbox's entries (live and expunged) in UID order while it says so. */
  void scan(Txn<ByteBuffer> tx, long mailboxId, Predicate<ModSeq> visitor) {
    // The expunged entries are merged in UID order into the scan of the live messages as it goes:
    // they are never dropped (only with their mailbox), so a long-lived mailbox may have far more
    // of them than messages, and a scan must not read them all first. Its cursor starts from a key
    // of its own: the scan of the live messages seeks from the thread's key2 while it is open.
    try (CursorIterable<ByteBuffer> entries =
        expunged.iterateFrom(tx, Keys.pair(new Buf(16), mailboxId, 0))) {
      Gone gone = new Gone(mailboxId, entries.iterator());
      boolean[] stopped = {false};
      messages.scanFrom(
          tx,
          Keys.pair(Keys.local().key2, mailboxId, 0),
          (key, v) -> {
            if (key.getLong(key.position()) != mailboxId) {
              return false;
            }
            long uid = key.getLong(key.position() + 8);
            for (; gone.uid <= uid; gone.next()) {
              if (gone.uid < uid
                  && !visitor.test(new ModSeq(mailboxId, gone.uid, gone.modSeq, true))) {
                stopped[0] = true;
                return false;
              }
            }
            if (!visitor.test(new ModSeq(mailboxId, uid, MessageIndex.modSeq(v), false))) {
              stopped[0] = true;
              return false;
            }
            return true;
          });
      for (; !stopped[0] && gone.uid < Long.MAX_VALUE; gone.next()) {
        if (!visitor.test(new ModSeq(mailboxId, gone.uid, gone.modSeq, true))) {
          return;
        }
      }
    }
  }

  /**
   * Visits the mailbox's live messages' entries in UID order while it says so: as {@link #scan}
   * without the expunged ones, whose table it does not read.
   */
  void scanLive(Txn<ByteBuffer> tx, long mailboxId, Predicate<ModSeq> visitor) {
    messages.scanFrom(
        tx,
        Keys.pair(Keys.local().key2, mailboxId, 0),
        (key, v) ->
            key.getLong(key.position()) == mailboxId
                && visitor.test(
                    new ModSeq(
                        mailboxId,
                        key.getLong(key.position() + 8),
                        MessageIndex.modSeq(v),
                        false)));
  }

  /** The mailbox's expunged entries, one at a time: {@code uid} is Long.MAX_VALUE past the last. */
  private static final class Gone {
    private final long mailboxId;
    private final Iterator<CursorIterable.KeyVal<ByteBuffer>> entries;
    long uid;
    long modSeq;

    Gone(long mailboxId, Iterator<CursorIterable.KeyVal<ByteBuffer>> entries) {
      this.mailboxId = mailboxId;
      this.entries = entries;
      next();
    }

    void next() {
      uid = Long.MAX_VALUE;
      if (entries.hasNext()) {
        CursorIterable.KeyVal<ByteBuffer> kv = entries.next();
        ByteBuffer k = kv.key();
        if (k.getLong(k.position()) == mailboxId) {
          uid = k.getLong(k.position() + 8);
          modSeq = kv.val().getLong(kv.val().position());
        }
      }
    }
  }

  /**
   * The message {@code uid} was expunged in commit {@code index} (the writer raises the highest).
   */
  void expunged(Txn<ByteBuffer> tx, long mailboxId, long uid, long index, Buf key, Buf value) {
    expunged.put(
        tx, Keys.pair(key, mailboxId, uid), value.clear().putLong(index).putByte(1).flip());
  }

  void setHighest(Txn<ByteBuffer> tx, long mailboxId, long highest, Buf key, Buf value) {
    mailboxes.put(tx, Keys.id(key, mailboxId), value.clear().putLong(highest).flip());
  }

  /** Drops the mailbox's expunged entries and its highest (its messages go with the mailbox). */
  void removeAll(Txn<ByteBuffer> tx, long mailboxId, Buf key) {
    expunged.deleteFrom(
        tx, Keys.pair(key, mailboxId, 0), k -> k.getLong(k.position()) == mailboxId);
    mailboxes.delete(tx, Keys.id(key, mailboxId));
  }
}
