package dev.msgstore.projections;

import dev.msgstore.journal.JournalEnd;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Reads the audit index ({@link AuditIndex}) in one read transaction: the commits that may match a
 * query, each with where it lies in its cycle file, and mailbox names as of any commit. Either a
 * view of a {@link ProjectionReader}'s transaction ({@link ProjectionReader#audit()}), or, for a
 * question asked in a fresh process, {@link #openCurrent}: the projections' LMDB environment opened
 * read-only on its own, without the store, the projections' open protocol or the journal's queue.
 */
public final class AuditReader implements AutoCloseable {
  private final AuditIndex index;
  private final Txn<ByteBuffer> tx;
  private final Env<ByteBuffer> ownEnv; // null: the transaction is a ProjectionReader's

  AuditReader(AuditIndex index, Txn<ByteBuffer> tx, Env<ByteBuffer> ownEnv) {
    this.index = index;
    this.tx = tx;
    this.ownEnv = ownEnv;
  }

  /**
   * The audit index of the projections in {@code projectionsDir}, read-only, when it answers for
   * the whole journal in {@code journalDir}: the cache is one this machine and this version wrote
   * since boot, the index's layout is this one, and the journal still ends with the commit the
   * index was last caught up to ({@link JournalEnd#stillEnds}, read without Chronicle). Empty
   * otherwise (the index is behind, missing, or cannot be opened read-only here): the caller opens
   * the store, which catches it up. A writer that adds commits after this check is as one that adds
   * them after the answer.
   */
  public static Optional<AuditReader> openCurrent(Path projectionsDir, Path journalDir) {
    try {
      if (!Files.isRegularFile(projectionsDir.resolve("data.mdb"))
          || !Files.isRegularFile(projectionsDir.resolve("lock.mdb"))
          || Projections.staleness(projectionsDir) != null) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    Env<ByteBuffer> env;
    try {
      env =
          Env.create()
              .setMapSize(Projections.MAP_SIZE)
              .setMaxDbs(64)
              .setMaxReaders(512)
              .open(projectionsDir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOTLS);
    } catch (LmdbException e) {
      return Optional.empty();
    }
    Txn<ByteBuffer> tx = null;
    try {
      // every table is opened before the transaction: LMDB opens a database in a transaction
      // of its own on a read-only environment
      Table meta = new Table(env, "meta");
      AuditIndex index = AuditIndex.open(env);
      tx = env.txnRead();
      // each value is read at once: a transaction's every get returns the same buffer
      ByteBuffer v = meta.get(tx, Projections.AUDIT_LAYOUT_KEY.duplicate());
      if (v == null || v.getLong(v.position()) != Projections.AUDIT_LAYOUT) {
        throw new NotCurrent();
      }
      v = meta.get(tx, Projections.AUDIT_STAMP_KEY.duplicate());
      if (v == null) {
        throw new NotCurrent();
      }
      long at = v.getLong(v.position());
      v = meta.get(tx, Projections.AUDIT_END_KEY.duplicate());
      Optional<JournalEnd> e = v == null ? Optional.empty() : JournalEnd.fromBytes(v);
      if (e.isEmpty() || e.get().index() != at || !e.get().stillEnds(journalDir)) {
        throw new NotCurrent();
      }
      return Optional.of(new AuditReader(index, tx, env));
    } catch (NotCurrent | LmdbException e) {
      if (tx != null) {
        tx.close();
      }
      env.close();
      return Optional.empty();
    }
  }

  /** Thrown inside {@link #openCurrent} when the index does not answer for the journal. */
  private static final class NotCurrent extends RuntimeException {
    NotCurrent() {
      super(null, null, false, false);
    }
  }

  /**
   * Visits, in journal order, every commit that may match {@code q} (all that do, perhaps a few
   * more: the reader applies its filter to the commits it reads), while {@code visitor} returns
   * true.
   */
  public void candidates(AuditQuery q, AuditQuery.Visitor visitor) {
    index.candidates(tx, q, visitor);
  }

  /** The name mailbox {@code mailboxId} had just before the commit at {@code index}. */
  public Optional<String> mailboxNameBefore(long mailboxId, long index) {
    return Optional.ofNullable(this.index.nameBefore(tx, mailboxId, index, new Buf(16)));
  }

  @Override
  public void close() {
    if (ownEnv != null) {
      tx.close();
      ownEnv.close();
    }
  }
}
