package dev.msgstore.journal.lmdb;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * LMDB read transactions kept for reuse: a reader's transaction, when it closes, is reset (its
 * snapshot released, so it pins no old pages) and kept; the next reader renews it. A new read
 * transaction costs a {@code malloc}, the reader table's mutex for a slot (the environment is
 * {@code MDB_NOTLS}, so a slot belongs to a transaction, not to a thread) and lmdbjava's objects; a
 * renewed one keeps its slot and only takes the newest snapshot, which is all a new one would see.
 * Every LMTP RCPT opens several (the view, the directory's look-ups); every delivery looks its body
 * up in the body index twice (is it stored already, and, deciding the append, is it there).
 *
 * <p>Closing: {@link #close()} runs before the environment closes. It renews each kept transaction
 * and closes it (lmdbjava aborts only a transaction that is not reset; an abort frees its slot),
 * and from then on a transaction given back is closed, never kept. Take and give run their LMDB
 * calls under this object's lock, so that none can interleave with {@code close()}.
 */
public final class ReadTxns {
  /** Kept at most: a kept transaction holds one of the environment's 512 reader slots. */
  public static final int KEEP = 32;

  private final Env<ByteBuffer> env;
  private final ArrayDeque<Txn<ByteBuffer>> kept = new ArrayDeque<>();
  private boolean closed;

  public ReadTxns(Env<ByteBuffer> env) {
    this.env = env;
  }

  /** A read transaction on the newest snapshot: a kept one renewed, else a new one. */
  public synchronized Txn<ByteBuffer> take() {
    Txn<ByteBuffer> t;
    while (!closed && (t = kept.pollFirst()) != null) {
      try {
        t.renew();
        return t;
      } catch (RuntimeException e) {
        close(t); // a transaction LMDB would not renew: not reused
      }
    }
    return env.txnRead(); // after close(), this throws as it always did on a closed environment
  }

  /** Takes back a transaction {@link #take()} gave, once its reader is done with it. */
  public synchronized void give(Txn<ByteBuffer> t) {
    if (kept.contains(t)) {
      return; // given back twice: it is kept once (closing it now would spoil the kept one)
    }
    if (!closed && kept.size() < KEEP) {
      try {
        t.reset();
        kept.addFirst(t); // the most recently used first: its pages are the warmest
        return;
      } catch (RuntimeException e) {
        // not a ready read transaction any more: closed below
      }
    }
    close(t);
  }

  /** Before the environment closes: frees every kept transaction; later ones are closed. */
  public synchronized void close() {
    closed = true;
    for (Txn<ByteBuffer> t; (t = kept.pollFirst()) != null; ) {
      try {
        t.renew(); // lmdbjava's close() aborts only a renewed (ready) transaction
      } catch (RuntimeException e) {
        // left as it is: the environment's close frees the reader table
      }
      close(t);
    }
  }

  /** How many are kept now (for the tests). */
  public synchronized int kept() {
    return kept.size();
  }

  private static void close(Txn<ByteBuffer> t) {
    try {
      t.close();
    } catch (RuntimeException e) {
      // closing what failed: nothing more to do
    }
  }
}
