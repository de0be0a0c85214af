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
  private final Table table;

  UserDirectory(Table table) {
    this.table = table;
  }

  Optional<UserRecord> get(Txn<ByteBuffer> tx, String userId) {
    ByteBuffer v = table.get(tx, Keys.text(Keys.local().key, userId));
    return v == null ? Optional.empty() : Optional.of(decode(userId, v.duplicate()));
  }

  void scan(Txn<ByteBuffer> tx, String prefix, Predicate<UserRecord> visitor) {
    table.scanPrefix(
        tx,
        Keys.text(Keys.local().key2, prefix),
        (k, v) -> visitor.test(decode(Buf.getKeyString(k.duplicate()), v.duplicate())));
  }

  void put(Txn<ByteBuffer> tx, UserRecord u, Buf key, Buf value) {
    table.put(
        tx,
        Keys.text(key, u.userId()),
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
