package dev.msgstore.projections.lmdb;

import java.nio.ByteBuffer;

/**
 * A position in a sorted table, whichever way it is read: LMDB in a transaction ({@link TxnCursor})
 * or the data file read on its own ({@link LmdbFile}). Keys and values are valid until the next
 * move.
 */
public interface KeyCursor extends AutoCloseable {
  /** Positions at the first key ≥ {@code key}; false when there is none. */
  boolean seek(ByteBuffer key);

  boolean next();

  boolean prev();

  boolean first();

  boolean last();

  ByteBuffer key();

  ByteBuffer val();

  @Override
  void close();
}
