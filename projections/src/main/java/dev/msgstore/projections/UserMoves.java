package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.UserMove;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.lmdbjava.Txn;

/**
 * rehostuser's moves by user id: in progress (the account's lock) or done (the user lives on
 * another host now). Kept in a table of its own, not in the user record, so that caches written
 * before moves existed stay valid: no journal they cover holds a move event.
 */
final class UserMoves {
  private final Table table;
  private final TextKeyedRecords<UserMove> records;

  UserMoves(Table table) {
    this.table = table;
    this.records = new TextKeyedRecords<>(table, UserMoves::decode);
  }

  Optional<UserMove> get(Txn<ByteBuffer> tx, String userId) {
    return records.get(tx, userId);
  }

  /**
   * Asked before every commit the writer decides ({@code MoveLock.check}): LMDB's entry count is
   * one call, where a scan for the first record opened and closed a cursor each time.
   */
  boolean any(Txn<ByteBuffer> tx) {
    return table.count(tx) > 0;
  }

  void put(Txn<ByteBuffer> tx, UserMove m, Buf key, Buf value) {
    records.put(
        tx,
        m.userId(),
        key,
        value
            .clear()
            .putByte(m.inProgress() ? 1 : 0)
            .putString(m.host())
            .putString(m.partition())
            .putByte(m.extended() ? 1 : 0)
            .putLong(m.sinceMicros())
            .flip());
  }

  void remove(Txn<ByteBuffer> tx, String userId, Buf key) {
    table.delete(tx, Keys.text(key, userId));
  }

  private static UserMove decode(String userId, ByteBuffer in) {
    boolean inProgress = in.get() == 1;
    String host = Buf.getString(in);
    String partition = Buf.getString(in);
    boolean extended = in.get() == 1;
    return new UserMove(userId, inProgress, host, partition, extended, in.getLong());
  }
}
