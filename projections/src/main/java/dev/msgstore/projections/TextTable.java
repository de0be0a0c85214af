package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.lmdbjava.Txn;

/** A table of text keys and text values: configuration, subscriptions, directory entries. */
final class TextTable {
  private final Table table;

  TextTable(Table table) {
    this.table = table;
  }

  Optional<String> get(Txn<ByteBuffer> tx, String key) {
    ByteBuffer v = table.get(tx, Keys.text(Keys.local().key, key));
    return v == null ? Optional.empty() : Optional.of(Buf.getKeyString(v.duplicate()));
  }

  void scan(Txn<ByteBuffer> tx, String prefix, BiPredicate<String, String> visitor) {
    table.scanPrefix(
        tx,
        Keys.text(Keys.local().key2, prefix),
        (k, v) -> visitor.test(Buf.getKeyString(k.duplicate()), Buf.getKeyString(v.duplicate())));
  }

  void put(Txn<ByteBuffer> tx, String key, String value, Buf keyBuf, Buf valueBuf) {
    table.put(tx, Keys.text(keyBuf, key), Keys.text(valueBuf, value));
  }

  void remove(Txn<ByteBuffer> tx, String key, Buf keyBuf) {
    table.delete(tx, Keys.text(keyBuf, key));
  }
}
