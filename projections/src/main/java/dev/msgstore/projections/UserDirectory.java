package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.UserRecord;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/** Users by id. */
final class UserDirectory {
  private final TextKeyedRecords<UserRecord> records;

  UserDirectory(Table table) {
    this.records = new TextKeyedRecords<>(table, UserDirectory::decode);
  }

  Optional<UserRecord> get(Txn<ByteBuffer> tx, String userId) {
    return records.get(tx, userId);
  }

  void scan(Txn<ByteBuffer> tx, String prefix, Predicate<UserRecord> visitor) {
    records.scan(tx, prefix, visitor);
  }

  void put(Txn<ByteBuffer> tx, UserRecord u, Buf key, Buf value) {
    records.put(
        tx,
        u.userId(),
        key,
        value
            .clear()
            .putString(u.partition())
            .putString(u.status())
            .putLong(u.createdMicros())
            .flip());
  }

  private static UserRecord decode(String userId, ByteBuffer in) {
    return new UserRecord(userId, Buf.getString(in), Buf.getString(in), in.getLong());
  }
}
