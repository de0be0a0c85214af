package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.lmdbjava.Txn;

/**
 * The special uses given to mailboxes (RFC 6154), keyed by mailbox id: present once set, even to
 * none, so that an explicit "no special use" is told apart from never having been given one.
 */
final class SpecialUses {
  private final Table table;

  SpecialUses(Table table) {
    this.table = table;
  }

  Optional<List<String>> get(Txn<ByteBuffer> tx, long mailboxId) {
    ByteBuffer v = table.get(tx, Keys.id(Keys.local().key, mailboxId));
    return v == null ? Optional.empty() : Optional.of(Buf.getStrings(v.duplicate()));
  }

  void put(Txn<ByteBuffer> tx, long mailboxId, List<String> uses, Buf key, Buf value) {
    table.put(tx, Keys.id(key, mailboxId), value.clear().putStrings(uses).flip());
  }

  void remove(Txn<ByteBuffer> tx, long mailboxId, Buf key) {
    table.delete(tx, Keys.id(key, mailboxId));
  }
}
