package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.ModSeq;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/**
 * Modification sequences (RFC 7162), which are journal indexes: per message, keyed like the message
 * index, the index of the commit that last changed it; per mailbox, the highest such index (its
 * HIGHESTMODSEQ, first the index of its creation). An expunged message keeps its entry, marked and
 * dated by the expunge, until its mailbox is deleted: a purge does not drop it, so QRESYNC's
 * VANISHED (EARLIER) can never miss an expunge however old the client's state is.
 */
final class ModSeqIndex {
  private final Table messages;
  private final Table mailboxes;

  ModSeqIndex(Table messages, Table mailboxes) {
    this.messages = messages;
    this.mailboxes = mailboxes;
  }

  long highest(Txn<ByteBuffer> tx, long mailboxId) {
    ByteBuffer v = mailboxes.get(tx, Keys.id(Keys.local().key, mailboxId));
    return v == null ? 0 : v.getLong(v.position());
  }

  long of(Txn<ByteBuffer> tx, long mailboxId, long uid) {
    ByteBuffer v = messages.get(tx, Keys.pair(Keys.local().key, mailboxId, uid));
    return v == null ? 0 : v.getLong(v.position());
  }

  /** Visits the mailbox's entries (live and expunged) in UID order while it says so. */
  void scan(Txn<ByteBuffer> tx, long mailboxId, Predicate<ModSeq> visitor) {
    messages.scanFrom(
        tx,
        Keys.pair(Keys.local().key2, mailboxId, 0),
        (key, v) -> {
          long mb = key.getLong(key.position());
          return mb == mailboxId
              && visitor.test(
                  new ModSeq(
                      mb,
                      key.getLong(key.position() + 8),
                      v.getLong(v.position()),
                      v.get(v.position() + 8) != 0));
        });
  }

  /**
   * The message {@code uid} changed (appended, restored, flags stored) in commit {@code index}; the
   * writer raises the mailbox's highest ({@link #setHighest}).
   */
  void changed(Txn<ByteBuffer> tx, long mailboxId, long uid, long index, Buf key, Buf value) {
    messages.put(tx, Keys.pairIn(key, mailboxId, uid), value.clear().putLong(index).putByte(0));
  }

  /**
   * The message {@code uid} was expunged in commit {@code index} (the writer raises the highest).
   */
  void expunged(Txn<ByteBuffer> tx, long mailboxId, long uid, long index, Buf key, Buf value) {
    messages.put(
        tx, Keys.pair(key, mailboxId, uid), value.clear().putLong(index).putByte(1).flip());
  }

  void setHighest(Txn<ByteBuffer> tx, long mailboxId, long highest, Buf key, Buf value) {
    mailboxes.put(tx, Keys.id(key, mailboxId), value.clear().putLong(highest).flip());
  }

  void removeAll(Txn<ByteBuffer> tx, long mailboxId, Buf key) {
    List<Long> uids = new ArrayList<>();
    scan(tx, mailboxId, m -> uids.add(m.uid()));
    for (long uid : uids) {
      messages.delete(tx, Keys.pair(key, mailboxId, uid));
    }
    mailboxes.delete(tx, Keys.id(key, mailboxId));
  }
}
