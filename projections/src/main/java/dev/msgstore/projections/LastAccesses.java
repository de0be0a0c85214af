package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.LastAccess;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Txn;

/** The last recorded access of each user over each protocol, keyed {@code user NUL protocol}. */
final class LastAccesses {
  private final Table table;

  LastAccesses(Table table) {
    this.table = table;
  }

  /** Every user's, or with {@code user} given only theirs, in user then protocol order. */
  List<LastAccess> of(Txn<ByteBuffer> tx, String user) {
    List<LastAccess> out = new ArrayList<>();
    table.scanPrefix(
        tx,
        user == null ? Keys.text(Keys.local().key, "") : Keys.text(Keys.local().key, user + "\0"),
        (k, v) -> {
          String key = Buf.getKeyString(k.duplicate());
          int nul = key.indexOf('\0');
          ByteBuffer value = v.duplicate();
          long micros = value.getLong();
          boolean login = value.get() == 1;
          String address = Buf.getString(value);
          out.add(
              new LastAccess(
                  key.substring(0, nul), key.substring(nul + 1), micros, address, login));
          return true;
        });
    return out;
  }

  void put(Txn<ByteBuffer> tx, LastAccess a, Buf key, Buf value) {
    table.put(
        tx,
        Keys.text(key, a.userId() + "\0" + a.protocol()),
        value.clear().putLong(a.micros()).putByte(a.login() ? 1 : 0).putString(a.address()).flip());
  }
}
