package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.MailboxRecord;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/** Mailboxes by id, and their ids by name (sorted, so {@code user/joe/*} is one range scan). */
final class MailboxRegistry {
  private final Table byId;
  private final Table byName;

  MailboxRegistry(Table byId, Table byName) {
    this.byId = byId;
    this.byName = byName;
  }

  Optional<MailboxRecord> byId(Txn<ByteBuffer> tx, long id) {
    ByteBuffer v = byId.get(tx, Keys.id(Keys.local().key, id));
    return v == null ? Optional.empty() : Optional.of(decode(v));
  }

  Optional<MailboxRecord> byName(Txn<ByteBuffer> tx, String name) {
    ByteBuffer id = byName.get(tx, Keys.text(Keys.local().key, name));
    return id == null ? Optional.empty() : byId(tx, id.getLong(id.position()));
  }

  /** Visits mailboxes whose names start with {@code prefix}, in name order, while it says so. */
  void scan(Txn<ByteBuffer> tx, String prefix, Predicate<MailboxRecord> visitor) {
    Keys k = Keys.local();
    ByteBuffer from = Keys.text(k.key2, prefix);
    byName.scanPrefix(
        tx,
        from,
        (name, id) -> {
          ByteBuffer v = byId.get(tx, Keys.id(k.key, id.getLong(id.position())));
          return v == null || visitor.test(decode(v));
        });
  }

  long count(Txn<ByteBuffer> tx) {
    return byId.count(tx);
  }

  void put(Txn<ByteBuffer> tx, MailboxRecord m, Buf key, Buf value) {
    byId.put(tx, Keys.id(key, m.id()), encode(value, m));
    byName.put(tx, Keys.text(key, m.name()), Keys.id(value, m.id()));
  }

  /** Rewrites the record only: for a mailbox whose name has not changed. */
  void putRecord(Txn<ByteBuffer> tx, MailboxRecord m, Buf key, Buf value) {
    byId.put(tx, Keys.id(key, m.id()), encode(value, m));
  }

  void removeName(Txn<ByteBuffer> tx, String name, Buf key) {
    byName.delete(tx, Keys.text(key, name));
  }

  void remove(Txn<ByteBuffer> tx, MailboxRecord m, Buf key) {
    byId.delete(tx, Keys.id(key, m.id()));
    byName.delete(tx, Keys.text(key, m.name()));
  }

  static ByteBuffer encode(Buf b, MailboxRecord m) {
    return b.clear()
        .putLong(m.id())
        .putString(m.name())
        .putString(m.partition())
        .putLong(m.uidValidity())
        .putLong(m.uidNext())
        .putLong(m.messages())
        .putLong(m.bytes())
        .putLong(m.lastAppend())
        .putLong(m.createdMicros())
        .flip();
  }

  static MailboxRecord decode(ByteBuffer v) {
    ByteBuffer in = v.duplicate();
    return new MailboxRecord(
        in.getLong(),
        Buf.getString(in),
        Buf.getString(in),
        in.getLong(),
        in.getLong(),
        in.getLong(),
        in.getLong(),
        in.getLong(),
        in.getLong());
  }
}
