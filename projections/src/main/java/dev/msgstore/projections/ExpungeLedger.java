package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MessageRecord;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/** Expunged messages that are not yet purged, keyed like the message index. */
final class ExpungeLedger {
  private final Table table;

  ExpungeLedger(Table table) {
    this.table = table;
  }

  Optional<ExpungedMessage> get(Txn<ByteBuffer> tx, long mailboxId, long uid) {
    ByteBuffer v = table.get(tx, Keys.pair(Keys.local().key, mailboxId, uid));
    return v == null ? Optional.empty() : Optional.of(decode(mailboxId, uid, v.duplicate()));
  }

  void scan(Txn<ByteBuffer> tx, long mailboxId, Predicate<ExpungedMessage> visitor) {
    table.scanFrom(
        tx,
        Keys.pair(Keys.local().key2, mailboxId, 0),
        (key, v) -> {
          long mb = key.getLong(key.position());
          return mb == mailboxId
              && visitor.test(decode(mb, key.getLong(key.position() + 8), v.duplicate()));
        });
  }

  /** Every entry of every mailbox, in (mailbox, uid) order. */
  void scanAll(Txn<ByteBuffer> tx, Predicate<ExpungedMessage> visitor) {
    table.scanFrom(
        tx,
        null,
        (key, v) ->
            visitor.test(
                decode(
                    key.getLong(key.position()), key.getLong(key.position() + 8), v.duplicate())));
  }

  void put(Txn<ByteBuffer> tx, MessageRecord m, long expungedMicros, Buf key, Buf value) {
    table.put(
        tx,
        Keys.pair(key, m.mailboxId(), m.uid()),
        MessageIndex.encode(value, m).putLong(expungedMicros).flip());
  }

  boolean remove(Txn<ByteBuffer> tx, long mailboxId, long uid, Buf key) {
    return table.delete(tx, Keys.pair(key, mailboxId, uid));
  }

  long count(Txn<ByteBuffer> tx) {
    return table.count(tx);
  }

  private static ExpungedMessage decode(long mailboxId, long uid, ByteBuffer in) {
    MessageRecord m = MessageIndex.decode(mailboxId, uid, in);
    return new ExpungedMessage(m, in.getLong());
  }
}
