package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/**
 * Records keyed by a text that is part of the record (a quota root, a user id): one way to look a
 * key up, scan a prefix and store a record. Each owner keeps its value's layout, {@code decode}
 * (key, value) and its own encoding for {@link #put}.
 */
final class TextKeyedRecords<R> {
  private final Table table;
  private final BiFunction<String, ByteBuffer, R> decode;

  TextKeyedRecords(Table table, BiFunction<String, ByteBuffer, R> decode) {
    this.table = table;
    this.decode = decode;
  }

  Optional<R> get(Txn<ByteBuffer> tx, String key) {
    ByteBuffer v = table.get(tx, Keys.text(Keys.local().key, key));
    return v == null ? Optional.empty() : Optional.of(decode.apply(key, v.duplicate()));
  }

  void scan(Txn<ByteBuffer> tx, String prefix, Predicate<R> visitor) {
    table.scanPrefix(
        tx,
        Keys.text(Keys.local().key2, prefix),
        (k, v) -> visitor.test(decode.apply(Buf.getKeyString(k.duplicate()), v.duplicate())));
  }

  void put(Txn<ByteBuffer> tx, String key, Buf keyBuf, ByteBuffer value) {
    table.put(tx, Keys.text(keyBuf, key), value);
  }
}
