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
  private final TextKeyedRecords<QuotaRecord> records;

  QuotaLedger(Table table) {
    this.records = new TextKeyedRecords<>(table, QuotaLedger::decode);
  }

  Optional<QuotaRecord> get(Txn<ByteBuffer> tx, String root) {
    return records.get(tx, root);
  }

  void scan(Txn<ByteBuffer> tx, String prefix, Predicate<QuotaRecord> visitor) {
    records.scan(tx, prefix, visitor);
  }

  void put(Txn<ByteBuffer> tx, QuotaRecord q, Buf key, Buf value) {
    records.put(
        tx,
        q.root(),
        key,
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
