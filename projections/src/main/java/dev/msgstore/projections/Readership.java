package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.SharedAccess;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Txn;

/** The last access of each non-owner to each shared mailbox. */
final class Readership {
  private final Table table;

  Readership(Table table) {
    this.table = table;
  }

  List<SharedAccess> of(Txn<ByteBuffer> tx, long mailboxId) {
    List<SharedAccess> out = new ArrayList<>();
    table.scanPrefix(
        tx,
        Keys.id(Keys.local().key2, mailboxId),
        (k, v) -> {
          ByteBuffer key = k.duplicate();
          key.getLong();
          out.add(new SharedAccess(mailboxId, Buf.getKeyString(key), v.getLong(v.position())));
          return true;
        });
    return out;
  }

  void put(Txn<ByteBuffer> tx, SharedAccess a, Buf key, Buf value) {
    table.put(
        tx,
        Keys.idText(key, a.mailboxId(), a.userId()),
        value.clear().putLong(a.lastMicros()).flip());
  }

  void remove(Txn<ByteBuffer> tx, long mailboxId, String userId, Buf key) {
    table.delete(tx, Keys.idText(key, mailboxId, userId));
  }

  /** Drops every reader's entry of the mailbox, at one cursor (its keys begin with its id). */
  void removeAll(Txn<ByteBuffer> tx, long mailboxId, Buf key) {
    table.deleteFrom(tx, Keys.id(key, mailboxId), k -> k.getLong(k.position()) == mailboxId);
  }
}
