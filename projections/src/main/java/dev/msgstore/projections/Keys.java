package dev.msgstore.projections;

import dev.msgstore.projections.lmdb.Buf;
import java.nio.ByteBuffer;

/** Key buffers for one thread: readers get their own through {@link #local()}. */
final class Keys {
  private static final ThreadLocal<Keys> LOCAL = ThreadLocal.withInitial(Keys::new);

  final Buf key = new Buf(64);
  final Buf key2 = new Buf(64);
  final Buf value = new Buf(256);

  static Keys local() {
    return LOCAL.get();
  }

  static ByteBuffer id(Buf b, long id) {
    return b.clear().putLong(id).flip();
  }

  static ByteBuffer pair(Buf b, long a, long c) {
    return pairIn(b, a, c).flip();
  }

  /**
   * {@link #pair}'s key, left in {@code b} unflipped, for {@link
   * dev.msgstore.projections.lmdb.Table#put(org.lmdbjava.Txn, Buf, Buf)}.
   */
  static Buf pairIn(Buf b, long a, long c) {
    return b.clear().putLong(a).putLong(c);
  }

  static ByteBuffer text(Buf b, String s) {
    return b.clear().putKeyString(s).flip();
  }

  static ByteBuffer idText(Buf b, long id, String s) {
    return b.clear().putLong(id).putKeyString(s).flip();
  }

  static ByteBuffer textId(Buf b, String s, long id) {
    return b.clear().putKeyString(s).putByte(0).putLong(id).flip();
  }
}
