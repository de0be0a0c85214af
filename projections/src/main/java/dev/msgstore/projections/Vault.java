package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.VaultedMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/**
 * The vault of deleted mail: {@code vault} holds the messages keyed like the message index (mailbox
 * id, uid), and {@code vault.owner} lists, per owner, the mailbox ids that have messages there
 * (owner NUL id), so that one user's deleted mail is found without scanning everyone's.
 */
final class Vault {
  private final Table messages;
  private final Table owners;

  Vault(Table messages, Table owners) {
    this.messages = messages;
    this.owners = owners;
  }

  void put(Txn<ByteBuffer> tx, String owner, VaultedMessage v, Buf key, Buf value) {
    MessageRecord m = v.message();
    messages.put(
        tx,
        Keys.pair(key, m.mailboxId(), m.uid()),
        MessageIndex.encode(value, m)
            .putLong(v.expungedMicros())
            .putLong(v.vaultedMicros())
            .putString(v.folder())
            .putString(v.partition())
            .flip());
    owners.put(tx, Keys.textId(key, owner, m.mailboxId()), Keys.id(value, 0));
  }

  boolean remove(Txn<ByteBuffer> tx, long mailboxId, long uid, Buf key) {
    return messages.delete(tx, Keys.pair(key, mailboxId, uid));
  }

  Optional<VaultedMessage> get(Txn<ByteBuffer> tx, long mailboxId, long uid) {
    ByteBuffer v = messages.get(tx, Keys.pair(Keys.local().key, mailboxId, uid));
    return v == null ? Optional.empty() : Optional.of(decode(mailboxId, uid, v.duplicate()));
  }

  /** The owner's vaulted messages, by mailbox id then UID, while the visitor says so. */
  void scanOwner(Txn<ByteBuffer> tx, String owner, Predicate<VaultedMessage> visitor) {
    List<Long> ids = new ArrayList<>();
    ByteBuffer prefix = Keys.local().key2.clear().putKeyString(owner).putByte(0).flip();
    int idAt = prefix.remaining();
    owners.scanPrefix(
        tx,
        prefix,
        (k, v) -> {
          if (k.remaining() == idAt + 8) { // "ann" must not list "ann.lee"'s: the NUL ends it
            ids.add(k.getLong(k.position() + idAt));
          }
          return true;
        });
    for (long id : ids) {
      boolean[] more = {true};
      scanMailbox(
          tx,
          id,
          m -> {
            more[0] = visitor.test(m);
            return more[0];
          });
      if (!more[0]) {
        return;
      }
    }
  }

  void scanMailbox(Txn<ByteBuffer> tx, long mailboxId, Predicate<VaultedMessage> visitor) {
    messages.scanFrom(
        tx,
        Keys.pair(new Buf(16), mailboxId, 0),
        (key, v) -> {
          long mb = key.getLong(key.position());
          return mb == mailboxId
              && visitor.test(decode(mb, key.getLong(key.position() + 8), v.duplicate()));
        });
  }

  /** Every vaulted message, in (mailbox, uid) order. */
  void scanAll(Txn<ByteBuffer> tx, Predicate<VaultedMessage> visitor) {
    messages.scanFrom(
        tx,
        null,
        (key, v) ->
            visitor.test(
                decode(
                    key.getLong(key.position()), key.getLong(key.position() + 8), v.duplicate())));
  }

  long count(Txn<ByteBuffer> tx) {
    return messages.count(tx);
  }

  private static VaultedMessage decode(long mailboxId, long uid, ByteBuffer in) {
    MessageRecord m = MessageIndex.decode(mailboxId, uid, in);
    long expunged = in.getLong();
    long vaulted = in.getLong();
    return new VaultedMessage(m, Buf.getString(in), Buf.getString(in), expunged, vaulted);
  }
}
