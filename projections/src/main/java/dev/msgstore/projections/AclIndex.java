package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.AclEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/** ACL entries by mailbox, and the reverse index: every mailbox an identifier has rights on. */
final class AclIndex {
  private final Table byMailbox;
  private final Table byIdentifier;

  AclIndex(Table byMailbox, Table byIdentifier) {
    this.byMailbox = byMailbox;
    this.byIdentifier = byIdentifier;
  }

  List<AclEntry> of(Txn<ByteBuffer> tx, long mailboxId) {
    List<AclEntry> out = new ArrayList<>();
    byMailbox.scanPrefix(
        tx,
        Keys.id(Keys.local().key2, mailboxId),
        (k, v) -> {
          ByteBuffer key = k.duplicate();
          key.getLong();
          out.add(new AclEntry(mailboxId, Buf.getKeyString(key), Buf.getKeyString(v.duplicate())));
          return true;
        });
    return out;
  }

  List<AclEntry> byIdentifier(Txn<ByteBuffer> tx, String identifier) {
    List<AclEntry> out = new ArrayList<>();
    byIdentifier.scanPrefix(
        tx,
        Keys.local().key2.clear().putKeyString(identifier).putByte(0).flip(),
        (k, v) -> {
          long id = k.getLong(k.limit() - 8);
          out.add(new AclEntry(id, identifier, Buf.getKeyString(v.duplicate())));
          return true;
        });
    return out;
  }

  /** The reverse index as it is, in its key order (identifier, then mailbox id). */
  void forEachByIdentifier(Txn<ByteBuffer> tx, Predicate<AclEntry> visitor) {
    byIdentifier.scanFrom(
        tx,
        null,
        (k, v) -> {
          // identifier, a 0 byte, the mailbox id (8 bytes)
          ByteBuffer name = k.duplicate().limit(k.limit() - 9);
          long id = k.getLong(k.limit() - 8);
          return visitor.test(
              new AclEntry(id, Buf.getKeyString(name), Buf.getKeyString(v.duplicate())));
        });
  }

  void set(Txn<ByteBuffer> tx, AclEntry e, Buf key, Buf value) {
    ByteBuffer rights = Keys.text(value, e.rights());
    byMailbox.put(tx, Keys.idText(key, e.mailboxId(), e.identifier()), rights);
    byIdentifier.put(tx, Keys.textId(key, e.identifier(), e.mailboxId()), rights);
  }

  void remove(Txn<ByteBuffer> tx, long mailboxId, String identifier, Buf key) {
    byMailbox.delete(tx, Keys.idText(key, mailboxId, identifier));
    byIdentifier.delete(tx, Keys.textId(key, identifier, mailboxId));
  }

  void removeAll(Txn<ByteBuffer> tx, long mailboxId, Buf key) {
    for (AclEntry e : of(tx, mailboxId)) {
      remove(tx, mailboxId, e.identifier(), key);
    }
  }
}
