package dev.msgstore.projections.lmdb;

import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;

/** A {@link KeyCursor} on an LMDB cursor of a transaction. */
public final class TxnCursor implements KeyCursor {
  private final Cursor<ByteBuffer> cursor;

  public TxnCursor(Cursor<ByteBuffer> cursor) {
    this.cursor = cursor;
  }

  @Override
  public boolean seek(ByteBuffer key) {
    ByteBuffer k = key;
    if (!k.isDirect()) { // lmdbjava's buffer proxy takes direct buffers only
      k = ByteBuffer.allocateDirect(key.remaining()).put(key.duplicate()).flip();
    }
    return cursor.get(k, GetOp.MDB_SET_RANGE);
  }

  @Override
  public boolean next() {
    return cursor.next();
  }

  @Override
  public boolean prev() {
    return cursor.seek(SeekOp.MDB_PREV);
  }

  @Override
  public boolean first() {
    return cursor.first();
  }

  @Override
  public boolean last() {
    return cursor.last();
  }

  @Override
  public ByteBuffer key() {
    return cursor.key();
  }

  @Override
  public ByteBuffer val() {
    return cursor.val();
  }

  @Override
  public void close() {
    cursor.close();
  }
}
