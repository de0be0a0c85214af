package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.QuotaRecord;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/** Usage and limits per quota root (a user id). */
final class QuotaLedger {
  private final Table table;

  QuotaLedger(Table table) {
    this.table = table;
  }

  Optional<QuotaRecord> get(Txn<ByteBuffer> tx, String root) {
    ByteBuffer v = table.get(tx, Keys.text(Keys.local().key, root));
    return v == null ? Optional.empty() : Optional.of(decode(root, v.duplicate()));
  }

  void scan(Txn<ByteBuffer> tx, String prefix, Predicate<QuotaRecord> visitor) {
    table.scanPrefix(
        tx,
        Keys.text(Keys.local().key2, prefix),
        (k, v) -> visitor.test(decode(Buf.getKeyString(k.duplicate()), v.duplicate())));
  }

  void put(Txn<ByteBuffer> tx, QuotaRecord q, Buf key, Buf value) {
    table.put(
        tx,
        Keys.text(key, q.root()),
        value
            .clear()
            .putLong(q.usedBytes())
            .putLong(q.usedMessages())
            .putLong(q.limitBytes())
            .putLong(q.limitMessages())
            .flip());
  }

  private static QuotaRecord decode(String root, ByteBuffer in) {
    return new QuotaRecord(root, in.getLong(), in.getLong(), in.getLong(), in.getLong());
  }
}
