package dev.msgstore.projections;

import dev.msgstore.journal.JournalEnd;
import dev.msgstore.projections.lmdb.KeyCursor;
import dev.msgstore.projections.lmdb.LmdbFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the audit index ({@link AuditIndex}): the commits that may match a query, each with where
 * it lies in its cycle file, and mailbox names as of any commit. Either a view of a {@link
 * ProjectionReader}'s transaction ({@link ProjectionReader#audit()}), or, for a question asked in a
 * fresh process, {@link #openCurrent}: the projections' data file read on its own ({@link
 * LmdbFile}), without the store, the projections' open protocol, the LMDB library or the journal's
 * queue.
 */
public final class AuditReader implements AutoCloseable {
  private final AuditLookup lookup;
  private final LmdbFile file; // null: a ProjectionReader's transaction

  private AuditReader(AuditLookup lookup, LmdbFile file) {
    this.lookup = lookup;
    this.file = file;
  }

  static AuditReader of(AuditLookup lookup) {
    return new AuditReader(lookup, null);
  }

  /**
   * The audit index of the projections in {@code projectionsDir}, read from its data file, when it
   * answers for the whole journal in {@code journalDir}: the cache is one this machine and this
   * version wrote since boot, the index's layout is this one, and the journal still ends with the
   * commit the index was last caught up to ({@link JournalEnd#stillEnds}, read without Chronicle).
   * Empty otherwise (the index is behind, missing, or unreadable here): the caller opens the store,
   * which catches it up. The file is read without a reader's slot in LMDB's lock file, so what was
   * read is to be trusted only if {@link #stillCurrent} says so after the reading.
   */
  public static Optional<AuditReader> openCurrent(Path projectionsDir, Path journalDir) {
    LmdbFile file = null;
    try {
      if (!Files.isRegularFile(projectionsDir.resolve("data.mdb"))
          || Projections.staleness(projectionsDir) != null) {
        return Optional.empty();
      }
      file = LmdbFile.open(projectionsDir.resolve("data.mdb"));
      Map<String, Long> roots = new HashMap<>();
      for (String t :
          new String[] {
            AuditLookup.USERS,
            AuditLookup.MAILBOXES,
            AuditLookup.ACTORS,
            AuditLookup.TYPES,
            AuditLookup.TIMES,
            AuditLookup.NAMES
          }) {
        roots.put(t, file.root(t));
      }
      long meta = file.root("meta");
      OptionalLongValue layout = value(file, meta, Projections.AUDIT_LAYOUT_KEY);
      OptionalLongValue stamp = value(file, meta, Projections.AUDIT_STAMP_KEY);
      Optional<JournalEnd> end = Optional.empty();
      try (KeyCursor c = file.cursor(meta)) {
        ByteBuffer k = Projections.AUDIT_END_KEY.duplicate();
        if (c.seek(k) && c.key().equals(k)) {
          end = JournalEnd.fromBytes(c.val());
        }
      }
      if (layout == null
          || layout.value != Projections.AUDIT_LAYOUT
          || stamp == null
          || end.isEmpty()
          || end.get().index() != stamp.value
          || !end.get().stillEnds(journalDir)
          || !file.unchanged()) {
        file.close();
        return Optional.empty();
      }
      LmdbFile f = file;
      AuditReader r = new AuditReader(new AuditLookup(t -> f.cursor(roots.get(t))), file);
      file = null;
      return Optional.of(r);
    } catch (IOException | UncheckedIOException | LmdbFile.Damaged e) {
      return Optional.empty();
    } finally {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          // nothing was answered from it
        }
      }
    }
  }

  private record OptionalLongValue(long value) {}

  private static OptionalLongValue value(LmdbFile file, long root, ByteBuffer key) {
    try (KeyCursor c = file.cursor(root)) {
      ByteBuffer k = key.duplicate();
      if (!c.seek(k) || !c.key().equals(k)) {
        return null;
      }
      ByteBuffer v = c.val();
      return v.remaining() == 8 ? new OptionalLongValue(v.getLong(v.position())) : null;
    }
  }

  /**
   * Whether what this reader read is the index as it was when opened: always, in a transaction; for
   * the data file read on its own, when no writer has committed since (one that had might have
   * reused the pages read).
   */
  public boolean stillCurrent() {
    try {
      return file == null || file.unchanged();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Visits, in journal order, every commit that may match {@code q} (all that do, perhaps a few
   * more: the reader applies its filter to the commits it reads), while {@code visitor} returns
   * true.
   */
  public void candidates(AuditQuery q, AuditQuery.Visitor visitor) {
    try {
      lookup.candidates(q, visitor);
    } catch (LmdbFile.Damaged | UncheckedIOException e) {
      throw new Unreadable(e);
    }
  }

  /** The name mailbox {@code mailboxId} had just before the commit at {@code index}. */
  public Optional<String> mailboxNameBefore(long mailboxId, long index) {
    try {
      return Optional.ofNullable(lookup.nameBefore(mailboxId, index));
    } catch (LmdbFile.Damaged | UncheckedIOException e) {
      throw new Unreadable(e);
    }
  }

  /**
   * The data file read on its own did not parse (a writer reused its pages meanwhile, or a layout
   * this reader does not know): nothing read from it is to be trusted, the store is to be asked.
   */
  public static final class Unreadable extends RuntimeException {
    Unreadable(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
