package dev.msgstore.projections;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.FileModes;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalArchive;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.JournalEnd;
import dev.msgstore.journal.lmdb.ReadTxns;
import dev.msgstore.projections.lmdb.BootId;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The projections of the journal, materialised in one LMDB environment: a disposable cache. Each
 * write transaction stamps the journal index it covers; {@link #catchUp} applies what the journal
 * holds beyond the stamp. The environment is opened without fsync (the journal is the truth), so
 * after a reboot, or when it cannot be opened, it is deleted and rebuilt from the journal.
 */
public final class Projections implements AutoCloseable {
  /** Bump when the layout of any table changes: older caches are then rebuilt, not misread. */
  static final String FORMAT = "msgstore-projections 4";

  static final long MAP_SIZE = 256L << 30;
  private static final int CATCH_UP_BATCH = 20_000;

  /** Held writes below this many are sorted and written by one thread (see {@link #flushHeld}). */
  private static final long PARALLEL_SORT_ENTRIES = 100_000;

  /**
   * The memory a replay's held writes may take before they are written: a sixteenth of the heap
   * (the arrays that hold them double as they grow, so they may take three times this for a
   * moment), at most 1 GB. A million appends take about 190 MB: one sorted write in a JVM with the
   * default heap of a machine with 12 GB or more; a 48 MB heap writes every 3 MB.
   */
  private static final long HELD_WRITES_LIMIT =
      Math.max(1L << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 16));

  private static final ByteBuffer STAMP_KEY = keyOf("journal.index");
  private static final ByteBuffer NEXT_MAILBOX_ID_KEY = keyOf("mailbox.next-id");
  static final ByteBuffer AUDIT_STAMP_KEY = keyOf("audit.index");

  /** The audit tables' layout: 2 since their values are positions (1 had times, unmarked). */
  static final ByteBuffer AUDIT_LAYOUT_KEY = keyOf("audit.layout");

  static final long AUDIT_LAYOUT = 2;

  /** Where the commit at the audit stamp lies ({@link JournalEnd}), for {@link AuditReader}. */
  static final ByteBuffer AUDIT_END_KEY = keyOf("audit.end");

  /** In the base: the directories journalarchive moved cycles to, one a line. */
  private static final String ARCHIVES_FILE = "archives";

  /** Beside format and boot-id: a hint about the journal, not state, so no table holds it. */
  private static final String JOURNAL_END_FILE = "journal-end";

  private final Path dir;
  private final Env<ByteBuffer> env;
  private final ReadTxns readTxns;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  final Table meta;
  final MailboxRegistry mailboxes;
  final MessageIndex messages;
  final ExpungeLedger expunged;
  final QuotaLedger quotas;
  final AclIndex acl;
  final TextTable subscriptions;
  final TextTable config;
  final UserDirectory users;
  final DirectoryEntries directory;
  final Readership readership;
  final ModSeqIndex modSeqs;
  final SpecialUses specialUses;
  final TextTable quotaNotices;
  final LastAccesses lastAccesses;
  final Vault vault;
  final AuditIndex audit;
  final UserMoves userMoves;
  private final String openedBecause;
  private final FileChannel inUseChannel;
  private final FileLock inUse;
  private JournalCursor cursor;
  private Path scratch; // the scratch copy's directory, deleted on close; null for the store's own
  private boolean madeFiles;
  private long cursorAfter = Long.MIN_VALUE;

  /** {@link #PARALLEL_SORT_ENTRIES}, lower in a test of the two threads' flush. */
  long parallelSortEntries = PARALLEL_SORT_ENTRIES;

  private Projections(Path dir, Env<ByteBuffer> env, String openedBecause) throws IOException {
    this.dir = dir;
    this.env = env;
    this.readTxns = new ReadTxns(env);
    this.openedBecause = openedBecause;
    // Held shared for as long as this process has the cache open: compaction may only swap the
    // cache when nobody holds it.
    this.inUseChannel =
        FileChannel.open(
            inUseFile(dir),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    this.inUse = inUseChannel.lock(0, Long.MAX_VALUE, true);
    meta = table("meta");
    mailboxes = new MailboxRegistry(table("mailbox.by-id"), table("mailbox.by-name"));
    Table messageTable = table("message");
    messages = new MessageIndex(messageTable);
    expunged = new ExpungeLedger(table("expunged"));
    quotas = new QuotaLedger(table("quota"));
    acl = new AclIndex(table("acl.by-mailbox"), table("acl.by-identifier"));
    subscriptions = new TextTable(table("subscription"));
    config = new TextTable(table("config"));
    users = new UserDirectory(table("user"));
    directory =
        new DirectoryEntries(
            table("directory.user"), table("directory.address"), table("directory.domain"));
    readership = new Readership(table("readership"));
    modSeqs = new ModSeqIndex(table("modseq"), table("modseq.mailbox"), messageTable);
    specialUses = new SpecialUses(table("mailbox.special-use"));
    quotaNotices = new TextTable(table("quota.notice"));
    lastAccesses = new LastAccesses(table("lastaccess"));
    vault = new Vault(table("vault"), table("vault.owner"));
    audit =
        new AuditIndex(
            table(AuditLookup.USERS),
            table(AuditLookup.MAILBOXES),
            table(AuditLookup.ACTORS),
            table(AuditLookup.TYPES),
            table(AuditLookup.TIMES),
            table(AuditLookup.NAMES));
    userMoves = new UserMoves(table("user.move"));
  }

  private Table table(String name) {
    Table t = new Table(env, name);
    tables.put(name, t);
    return t;
  }

  /**
   * Opens (creating, or discarding and recreating, as needed) the environment in {@code dir}. Two
   * processes opening at once serialise on a lock file beside it.
   */
  public static Projections open(Path dir) {
    Path parent = dir.toAbsolutePath().getParent();
    if (Files.isDirectory(parent) && !Files.isWritable(parent)) {
      return openScratchCopy(dir);
    }
    Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
    // checked before this open may make any: with data.mdb, staleness() checks format and boot-id
    boolean made =
        !allExist(lockFile, inUseFile(dir), dir.resolve("data.mdb"), dir.resolve("lock.mdb"));
    try {
      FileModes.createDirectories(dir.getParent());
      try (FileChannel ch =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock();
        String reason = staleness(dir);
        if (reason != null) {
          FileTrees.delete(dir);
        }
        FileModes.createDirectories(dir);
        boolean fromBase = startFromBase(dir);
        Env<ByteBuffer> env;
        try {
          env = openEnv(dir);
        } catch (LmdbException e) {
          reason = "the projection store could not be opened (" + e.getMessage() + ")";
          FileTrees.delete(dir);
          FileModes.createDirectories(dir);
          env = openEnv(dir);
        }
        Files.writeString(dir.resolve("format"), FORMAT + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("boot-id"), BootId.current() + "\n", StandardCharsets.UTF_8);
        Projections opened;
        try {
          opened = new Projections(dir, env, reason);
        } catch (IOException e) {
          env.close();
          throw e;
        }
        opened.madeFiles = made || reason != null || fromBase;
        // released only once the cache is marked in use, so that deleteIfUnused never sees an
        // open halfway done as unused
        lock.release();
        return opened;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the projections in " + dir, e);
    }
  }

  /**
   * For a store this process cannot write (a read-only mount, a directory of another user): the
   * cache is copied to a scratch directory, opened and caught up there, and deleted on close. The
   * store itself is never written, and the answers are the journal's however far behind (or
   * missing) its cache was; the cost is one copy of data.mdb per open.
   */
  private static Projections openScratchCopy(Path dir) {
    try {
      Path scratch = Files.createTempDirectory("msgstore-read-only-");
      try {
        Path copy = Files.createDirectory(scratch.resolve("projections"));
        for (String f : new String[] {"data.mdb", "format", "boot-id", JOURNAL_END_FILE}) {
          if (Files.isRegularFile(dir.resolve(f))) {
            Files.copy(dir.resolve(f), copy.resolve(f));
          }
        }
        Path base = baseDirectory(dir);
        if (!Files.exists(copy.resolve("data.mdb")) && Files.isDirectory(base)) {
          // built from nothing, the copy starts from the base as the cache would have
          Path baseCopy = Files.createDirectory(baseDirectory(copy));
          for (String f : new String[] {"data.mdb", "format", ARCHIVES_FILE}) {
            if (Files.isRegularFile(base.resolve(f))) {
              Files.copy(base.resolve(f), baseCopy.resolve(f));
            }
          }
        }
        Projections p = open(copy);
        p.scratch = scratch;
        return p;
      } catch (IOException | RuntimeException e) {
        FileTrees.delete(scratch);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the projections in " + dir + " to read them", e);
    }
  }

  /**
   * Where the base lies: a compacted copy of the projections that {@code journalarchive} writes
   * before it moves journal cycles away, covering at least every archived commit.
   */
  public static Path baseDirectory(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".base");
  }

  /**
   * A cache about to be built from nothing starts from the base, when there is one: the journal
   * directory no longer holds the commits the base covers (they are archived), and a projection
   * must not need an archived cycle to open. A base of another version's layout is not copied: the
   * first catch-up replays the archive instead ({@link #replayArchivedHistory}).
   */
  private static boolean startFromBase(Path dir) throws IOException {
    Path base = baseDirectory(dir);
    if (Files.exists(dir.resolve("data.mdb"))
        || !Files.isRegularFile(base.resolve("data.mdb"))
        || !baseIsCurrent(base)) {
      return false;
    }
    Files.copy(base.resolve("data.mdb"), dir.resolve("data.mdb"));
    return true;
  }

  /**
   * Writes the base ({@link #baseDirectory}) from these projections as they are now, replacing any
   * older one whole, for journalarchive about to move cycles into {@code archiveDir}; returns the
   * journal index it covers. The base lists every directory cycles were moved to ({@link
   * #archiveDirectories}), this one included.
   */
  public long writeBase(Path archiveDir) throws IOException {
    List<Path> archives = new ArrayList<>(archiveDirectories(dir));
    Path added = archiveDir.toAbsolutePath().normalize();
    if (!archives.contains(added)) {
      archives.add(added);
    }
    return writeBase(archives);
  }

  private long writeBase(List<Path> archives) throws IOException {
    Path base = baseDirectory(dir);
    Path tmp = base.resolveSibling(base.getFileName() + ".tmp");
    Path old = base.resolveSibling(base.getFileName() + ".old");
    FileTrees.delete(tmp);
    long covered;
    try (Txn<ByteBuffer> tx = env.txnRead()) {
      covered = stamp(tx);
    }
    copyCompacted(tmp);
    StringBuilder list = new StringBuilder();
    archives.forEach(a -> list.append(a).append('\n'));
    Files.writeString(tmp.resolve(ARCHIVES_FILE), list, StandardCharsets.UTF_8);
    for (String f : new String[] {"data.mdb", "format", ARCHIVES_FILE}) {
      try (FileChannel ch = FileChannel.open(tmp.resolve(f), StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
    FileTrees.delete(old);
    if (Files.exists(base)) {
      Files.move(base, old);
    }
    Files.move(tmp, base);
    FileTrees.delete(old);
    return covered;
  }

  /**
   * Whether the base is in this version's layout: one in another would be misread entry by entry,
   * so the history it stands for is replayed from the archive instead.
   */
  private static boolean baseIsCurrent(Path base) throws IOException {
    Path format = base.resolve("format");
    return Files.isRegularFile(format) && Files.readString(format).trim().equals(FORMAT);
  }

  /** A base is there, but in another version's layout: {@link #replayArchivedHistory} stands in. */
  private boolean baseIsForeign() {
    Path base = baseDirectory(dir);
    try {
      return Files.isRegularFile(base.resolve("data.mdb")) && !baseIsCurrent(base);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the projection base's format in " + base, e);
    }
  }

  /**
   * Every directory journalarchive moved journal cycles to, oldest first, as the base lists them;
   * for a base written before it kept that list, the default place, {@code <store>/}{@value
   * JournalArchive#DEFAULT_DIRECTORY}. Empty when there is no base (nothing was archived).
   */
  public static List<Path> archiveDirectories(Path dir) {
    Path base = baseDirectory(dir);
    if (!Files.isRegularFile(base.resolve("data.mdb"))) {
      return List.of();
    }
    Path list = base.resolve(ARCHIVES_FILE);
    if (!Files.isRegularFile(list)) {
      return List.of(
          dir.resolveSibling(JournalArchive.DEFAULT_DIRECTORY).toAbsolutePath().normalize());
    }
    try {
      return Files.readAllLines(list, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank())
          .map(Path::of)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + list, e);
    }
  }

  /**
   * Applies in {@code w}, which must be empty, the whole history: the archived cycles ({@link
   * #archiveDirectories}), then the live journal; for a base of another version's layout, which
   * cannot be read. Refused, before anything is applied, when a directory the base lists is gone.
   * Returns the commits applied.
   */
  private long replayArchivedHistory(
      Journal journal, ProjectionWriter w, java.util.function.LongConsumer progress) {
    List<Path> archives = archiveDirectories(dir);
    for (Path a : archives) {
      if (!Files.isDirectory(a)) {
        throw new UncheckedIOException(
            "the projection base in "
                + baseDirectory(dir)
                + " was written by another version of msgstore, and the journal cycles archived to "
                + a
                + " are not there: put them back to rebuild the projections",
            new java.nio.file.NoSuchFileException(a.toString()));
      }
    }
    long[] applied = {0};
    try (JournalArchive.Opened archive = JournalArchive.open(archives)) {
      JournalArchive.inOrder(
          List.of(archive.journal(), journal),
          dev.msgstore.journal.codec.CommitCodec.ALL_EVENTS,
          c -> {
            w.apply(c);
            if (++applied[0] % CATCH_UP_BATCH == 0) {
              progress.accept(applied[0]);
            }
            return true;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal archive in " + archives, e);
    } finally {
      cursorAfter = Long.MIN_VALUE; // the shared cursor did not follow
    }
    return applied[0];
  }

  /**
   * Replaces a base of another version's layout by one of this version's, from these projections
   * once they hold the whole history again, so that the next cache built from nothing (after every
   * reboot) copies it rather than replaying the archive.
   */
  private void replaceForeignBase() {
    try {
      writeBase(archiveDirectories(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the projection base", e);
    }
  }

  /** Puts the base's every entry into {@code tx} (emptied): a rebuild's start when there is one. */
  private boolean loadBase(Txn<ByteBuffer> tx) {
    Path base = baseDirectory(dir);
    if (!Files.isRegularFile(base.resolve("data.mdb"))) {
      return false;
    }
    try (Env<ByteBuffer> b =
        Env.create()
            .setMapSize(MAP_SIZE)
            .setMaxDbs(32)
            .open(
                base.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK, EnvFlags.MDB_NOTLS)) {
      Map<String, org.lmdbjava.Dbi<ByteBuffer>> dbis = new LinkedHashMap<>();
      tables.keySet().forEach(name -> dbis.put(name, b.openDbi(name)));
      try (Txn<ByteBuffer> rt = b.txnRead()) {
        for (Map.Entry<String, org.lmdbjava.Dbi<ByteBuffer>> d : dbis.entrySet()) {
          try (org.lmdbjava.CursorIterable<ByteBuffer> it = d.getValue().iterate(rt)) {
            for (org.lmdbjava.CursorIterable.KeyVal<ByteBuffer> kv : it) {
              tables.get(d.getKey()).put(tx, kv.key(), kv.val());
            }
          }
        }
      }
    }
    return true;
  }

  private static Env<ByteBuffer> openEnv(Path dir) {
    return Env.create()
        .setMapSize(MAP_SIZE)
        .setMaxDbs(64)
        .setMaxReaders(512)
        .open(dir.toFile(), FileModes.newFileModeIn(dir), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOTLS);
  }

  /** Why the cache in {@code dir} cannot be trusted, or null when it can (or does not exist). */
  static String staleness(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("data.mdb"))) {
      return null;
    }
    Path format = dir.resolve("format");
    if (!Files.exists(format) || !Files.readString(format).trim().equals(FORMAT)) {
      return "the projection store was written by another version of msgstore";
    }
    Path boot = dir.resolve("boot-id");
    if (!Files.exists(boot) || !Files.readString(boot).trim().equals(BootId.current())) {
      return "the machine restarted since the projections were last written";
    }
    return null;
  }

  private static boolean allExist(Path... files) {
    for (Path f : files) {
      if (!Files.exists(f)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether this open made any of the cache's files (it was new, rebuilt, or a file was missing): a
   * library made some of them under the process's umask.
   */
  public boolean madeFiles() {
    return madeFiles;
  }

  private static Path inUseFile(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".inuse");
  }

  /**
   * Writes a compacted copy of the cache into {@code target} (LMDB's compacting copy: free pages
   * left out), with the files that tell a later open the copy is current.
   */
  public void copyCompacted(Path target) throws IOException {
    FileModes.createDirectories(target);
    env.copy(target.toFile(), org.lmdbjava.CopyFlags.MDB_CP_COMPACT);
    for (String f : new String[] {"format", "boot-id"}) {
      Files.copy(dir.resolve(f), target.resolve(f));
    }
  }

  /**
   * Puts the compacted copy in place of the cache in {@code dir} if no process (this one included)
   * has it open; returns false, changing nothing, when one has.
   */
  public static boolean swapIfUnused(Path dir, Path compacted) throws IOException {
    try (FileChannel ch =
        FileChannel.open(inUseFile(dir), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        return false;
      }
      if (lock == null) {
        return false;
      }
      try {
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        FileTrees.delete(old);
        Files.move(dir, old);
        Files.move(compacted, dir);
        FileTrees.delete(old);
        return true;
      } finally {
        lock.release();
      }
    }
  }

  /**
   * Deletes the cache in {@code dir} ({@code stored -r}) if no process, this one included, has it
   * open; returns false, changing nothing, when one has. Opens wait meanwhile, and the next one
   * rebuilds the cache from the journal.
   */
  public static boolean deleteIfUnused(Path dir) throws IOException {
    Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
    try (FileChannel opening =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileChannel used =
            FileChannel.open(inUseFile(dir), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock noOpens = opening.lock();
      try {
        FileLock unused = used.tryLock();
        if (unused == null) {
          return false;
        }
        try {
          FileTrees.delete(dir);
          return true;
        } finally {
          unused.release();
        }
      } finally {
        noOpens.release();
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return false; // this process has it open
    }
  }

  /** Why this open started from an empty cache, if it had to discard one. */
  public Optional<String> rebuiltBecause() {
    return Optional.ofNullable(openedBecause);
  }

  public Path directory() {
    return dir;
  }

  /**
   * A write transaction. On empty projections (a replay from the journal's start: a new or
   * discarded cache, a rebuild, a scratch copy) it holds its writes and writes them sorted, in
   * batches of at most {@link #HELD_WRITES_LIMIT} bytes (see {@link Table}).
   */
  public ProjectionWriter beginWrite() {
    return beginWrite(HELD_WRITES_LIMIT);
  }

  /** {@link #beginWrite()} holding at most {@code holdLimit} bytes (0: the live path's writes). */
  ProjectionWriter beginWrite(long holdLimit) {
    return new ProjectionWriter(this, env.txnWrite(), holdLimit);
  }

  /** Each of a bulk writer's tables holds its writes in this transaction until flushed. */
  void hold(Txn<ByteBuffer> tx, Table.Budget budget) {
    tables.values().forEach(t -> t.hold(tx, budget));
  }

  /**
   * Writes what the tables hold. Sorting a table takes about as long as writing one, so when much
   * is held a second thread sorts the tables, largest first, while this one sorts the largest
   * itself and then writes each table as soon as it is sorted (LMDB's transaction is this thread's
   * alone).
   */
  void flushHeld() {
    List<Table> held = new ArrayList<>();
    long entries = 0;
    for (Table t : tables.values()) {
      if (t.heldSize() > 0) {
        held.add(t);
        entries += t.heldSize();
      }
    }
    if (held.size() < 2 || entries < parallelSortEntries) {
      held.forEach(Table::flush);
      return;
    }
    held.sort(Comparator.comparingInt(Table::heldSize).reversed());
    List<CompletableFuture<int[]>> sorted = new ArrayList<>();
    ExecutorService sorter =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("msgstore-flush-sort").factory());
    try {
      for (Table t : held.subList(1, held.size())) {
        sorted.add(CompletableFuture.supplyAsync(t::sortHeld, sorter));
      }
      held.get(0).flush();
      for (int i = 1; i < held.size(); i++) {
        held.get(i).write(sorted.get(i - 1).join());
      }
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    } finally {
      sorter.shutdownNow();
    }
  }

  void releaseHeld() {
    tables.values().forEach(Table::release);
  }

  /** A read view; its transaction is one kept for reuse when there is one (see ReadTxns). */
  public ProjectionReader beginRead() {
    Txn<ByteBuffer> tx = readTxns.take();
    return new ProjectionReader(this, tx, false, () -> readTxns.give(tx));
  }

  /** The read transactions kept for reuse (for the tests). */
  ReadTxns readTxns() {
    return readTxns;
  }

  /** The journal index the projections cover ({@link Journal#NO_INDEX} when empty). */
  public long stamp() {
    Txn<ByteBuffer> tx = readTxns.take();
    try {
      return stamp(tx);
    } finally {
      readTxns.give(tx);
    }
  }

  long stamp(Txn<ByteBuffer> tx) {
    ByteBuffer v = meta.get(tx, STAMP_KEY.duplicate());
    return v == null ? Journal.NO_INDEX : v.getLong(v.position());
  }

  /**
   * Where the journal's commit at {@link #stamp()} lies, if the last process that closed these
   * projections at this stamp said: a reader that finds the journal still ending there need not
   * open it (see {@link JournalEnd}).
   */
  public Optional<JournalEnd> journalEnd() {
    byte[] b;
    try {
      b = Files.readAllBytes(dir.resolve(JOURNAL_END_FILE));
    } catch (IOException e) {
      return Optional.empty();
    }
    return JournalEnd.fromBytes(ByteBuffer.wrap(b)).filter(e -> e.index() == stamp());
  }

  /**
   * Keeps {@code end}, of the commit at the stamp, whole or not at all; a scratch copy does not.
   */
  public void recordJournalEnd(JournalEnd end) {
    if (scratch != null || end.index() != stamp()) {
      return;
    }
    Path file = dir.resolve(JOURNAL_END_FILE);
    Path tmp = dir.resolve(JOURNAL_END_FILE + ".tmp");
    try {
      Files.write(tmp, end.toBytes());
      FileModes.conformFile(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Mailbox ids are never reused, even after the newest mailbox is deleted. */
  long nextMailboxId(Txn<ByteBuffer> tx) {
    ByteBuffer v = meta.get(tx, NEXT_MAILBOX_ID_KEY.duplicate());
    return v == null ? 1 : v.getLong(v.position());
  }

  void mailboxIdUsed(Txn<ByteBuffer> tx, long id, Buf value) {
    if (id >= nextMailboxId(tx)) {
      meta.put(tx, NEXT_MAILBOX_ID_KEY.duplicate(), value.clear().putLong(id + 1).flip());
    }
  }

  void writeStamp(Txn<ByteBuffer> tx, long index, Buf value) {
    meta.put(tx, STAMP_KEY.duplicate(), value.clear().putLong(index).flip());
  }

  /**
   * Applies, in {@code writer}'s transaction, at most {@code limit} of the commits the journal
   * holds beyond what the writer covers. Returns how many it applied. The cursor stays where the
   * last applied commit ended, so finding nothing new costs one look at the end of the queue.
   */
  public synchronized long catchUp(Journal journal, ProjectionWriter writer, long limit) {
    positionCursor(journal, writer.stamp());
    long applied = 0;
    while (applied < limit) {
      Commit c = cursor.next();
      if (c == null) {
        break;
      }
      writer.apply(c);
      applied++;
      cursorAfter = c.index();
    }
    return applied;
  }

  /**
   * Applies, in {@code writer}'s transaction, every commit the journal holds beyond what the writer
   * covers, read and decoded on a second thread ({@link ReadAhead}); for a replay into empty
   * projections, which is long enough to pay for the thread. {@code progress} is told the commits
   * applied so far, every {@link #CATCH_UP_BATCH}. Returns how many it applied.
   */
  private synchronized long catchUpAhead(
      Journal journal, ProjectionWriter writer, java.util.function.LongConsumer progress) {
    positionCursor(journal, writer.stamp());
    long applied = 0;
    JournalCursor source = cursor;
    try (ReadAhead ahead = new ReadAhead(source::next)) {
      for (Commit c = ahead.next(); c != null; c = ahead.next()) {
        writer.apply(c);
        if (++applied % CATCH_UP_BATCH == 0) {
          progress.accept(applied);
        }
        cursorAfter = c.index();
      }
    } catch (RuntimeException | Error e) {
      cursorAfter = Long.MIN_VALUE; // the reader may have read past the last commit applied
      throw e;
    }
    return applied;
  }

  /**
   * Applies {@code commit}, which this process has just written under the journal's write lock,
   * without reading it back: when it is the next commit the cursor finds, the cursor steps past it
   * undecoded; otherwise (another process wrote before it) this catches up from the journal.
   */
  public synchronized void applyWritten(Journal journal, ProjectionWriter writer, Commit commit) {
    positionCursor(journal, writer.stamp());
    if (cursor.skip(commit.index())) {
      writer.apply(commit);
      cursorAfter = commit.index();
    } else {
      catchUp(journal, writer, Long.MAX_VALUE);
    }
  }

  /**
   * Brings the audit index ({@link AuditIndex}) up to the end of the journal, in transactions of
   * its own, and returns how many commits it indexed. The index lies beside the projections, with a
   * stamp of its own, rather than in their transactions: a replay and every delivery would pay for
   * its entries (the journal bench's replay ran four times slower with them), so the one who asks
   * an audit question pays, once for each commit.
   */
  public synchronized long catchUpAudit(Journal journal) {
    long after;
    long layout;
    try (Txn<ByteBuffer> tx = env.txnRead()) {
      after = auditStamp(tx);
      ByteBuffer v = meta.get(tx, AUDIT_LAYOUT_KEY.duplicate());
      layout = v == null ? 1 : v.getLong(v.position());
    }
    Buf key = new Buf(64);
    Buf value = new Buf(512);
    if (layout != AUDIT_LAYOUT) {
      // an older layout's values are not positions: it is indexed anew
      try (Txn<ByteBuffer> tx = env.txnWrite()) {
        audit.clear(tx);
        meta.delete(tx, AUDIT_STAMP_KEY.duplicate());
        meta.delete(tx, AUDIT_END_KEY.duplicate());
        meta.put(tx, AUDIT_LAYOUT_KEY.duplicate(), value.clear().putLong(AUDIT_LAYOUT).flip());
        tx.commit();
      }
      after = Journal.NO_INDEX;
    }
    if (after == journal.lastIndex()) {
      return 0;
    }
    Map<Long, String> names = new java.util.HashMap<>();
    long total = 0;
    try (JournalCursor c = journal.cursor()) {
      c.seekAfter(after);
      while (true) {
        try (Txn<ByteBuffer> tx = env.txnWrite()) {
          long stamp = auditStamp(tx);
          if (stamp != after) { // another process indexed meanwhile
            names.clear();
            c.seekAfter(stamp);
            after = stamp;
          }
          int n = 0;
          for (Commit commit; n < CATCH_UP_BATCH && (commit = c.next()) != null; n++) {
            audit.add(tx, commit, c.position(), names, key, value);
            after = commit.index();
          }
          if (n > 0) {
            meta.put(tx, AUDIT_STAMP_KEY.duplicate(), value.clear().putLong(after).flip());
            Optional<JournalEnd> end = journal.endAt(after);
            if (end.isPresent()) {
              byte[] b = end.get().toBytes();
              meta.put(tx, AUDIT_END_KEY.duplicate(), value.clear().putBytes(b).flip());
            } else {
              meta.delete(tx, AUDIT_END_KEY.duplicate());
            }
            tx.commit();
          }
          total += n;
          if (n < CATCH_UP_BATCH) {
            return total;
          }
        }
      }
    }
  }

  private long auditStamp(Txn<ByteBuffer> tx) {
    ByteBuffer v = meta.get(tx, AUDIT_STAMP_KEY.duplicate());
    return v == null ? Journal.NO_INDEX : v.getLong(v.position());
  }

  private void positionCursor(Journal journal, long after) {
    if (cursor == null) {
      cursor = journal.cursor();
    }
    if (cursorAfter != after) {
      cursor.seekAfter(after);
      cursorAfter = after;
    }
  }

  /**
   * Brings the projections up to the end of the journal, committing in batches; into empty
   * projections, in one transaction, whose writes are held and written sorted, with the journal
   * read and decoded on a second thread ({@link #catchUpAhead}). Empty projections beside a base of
   * another version's layout replay the archive first ({@link #replayArchivedHistory}), and then
   * write the base anew.
   */
  public long catchUp(Journal journal) {
    long total = 0;
    if (stamp() == Journal.NO_INDEX && baseIsForeign()) {
      try (ProjectionWriter w = beginWrite()) {
        if (w.stamp() == Journal.NO_INDEX) { // else another process replayed it meanwhile
          total = replayArchivedHistory(journal, w, c -> {});
          w.commit();
        }
      }
      if (total > 0) {
        replaceForeignBase();
      }
    }
    while (true) {
      long n;
      long limit;
      try (ProjectionWriter w = beginWrite()) {
        limit = w.holdsWrites() ? Long.MAX_VALUE : CATCH_UP_BATCH;
        n = w.holdsWrites() ? catchUpAhead(journal, w, c -> {}) : catchUp(journal, w, limit);
        w.commit();
      }
      total += n;
      if (n < limit) {
        return total;
      }
    }
  }

  void clearAll(Txn<ByteBuffer> tx) {
    tables.values().forEach(t -> t.clear(tx));
  }

  /**
   * Rebuilds these projections in place from the whole journal ({@code reconstruct}): one write
   * transaction empties every table and replays every commit, so readers (in any process) see the
   * old state until it commits, and a writer elsewhere waits for it, then catches up from its
   * stamp. It starts from the base when there is one; from the archive when the base is of another
   * version's layout, and then writes the base anew. {@code progress} is told the commits applied
   * so far, every batch. Returns the events applied.
   */
  public synchronized long rebuild(Journal journal, java.util.function.LongConsumer progress) {
    boolean foreign = baseIsForeign();
    try (ProjectionWriter w = beginWrite()) {
      w.clearAll();
      long applied;
      if (foreign) {
        applied = replayArchivedHistory(journal, w, progress);
      } else {
        if (loadBase(w.txn())) {
          w.restamp(); // the commits up to the base's stamp are archived: replay what follows it
        }
        cursorAfter = Long.MIN_VALUE; // the shared cursor must seek back to the start
        applied = catchUpAhead(journal, w, progress);
      }
      if (applied % CATCH_UP_BATCH != 0 || applied == 0) {
        progress.accept(applied);
      }
      w.commit();
      if (foreign) {
        replaceForeignBase();
      }
      return w.eventsApplied();
    } finally {
      cursorAfter = Long.MIN_VALUE; // after an abort, the cursor is past what the cache holds
    }
  }

  /**
   * Replays into these projections, which must be empty (a scratch environment of a point-in-time
   * restore), the journal's commits from its start up to the first one made after {@code
   * untilMicros}, with only the events {@code decode} accepts decoded, and of those only the ones
   * {@code keep} accepts (asked in journal order) applied. One write transaction, as {@link
   * #rebuild}; {@code progress} is told the commits applied so far, every batch. Returns the
   * commits applied.
   */
  public synchronized long replayUntil(
      Journal journal,
      long untilMicros,
      java.util.function.Predicate<dev.msgstore.journal.codec.EventType<?>> decode,
      java.util.function.Predicate<dev.msgstore.journal.event.Event> keep,
      java.util.function.LongConsumer progress) {
    return replayUntil(java.util.List.of(journal), untilMicros, decode, keep, progress);
  }

  /**
   * As {@link #replayUntil(Journal, long, java.util.function.Predicate,
   * java.util.function.Predicate, java.util.function.LongConsumer)} through {@code journals} in
   * order (an archive of old cycles, then the live journal), each commit once ({@link
   * dev.msgstore.journal.JournalArchive#inOrder}).
   */
  public synchronized long replayUntil(
      java.util.List<Journal> journals,
      long untilMicros,
      java.util.function.Predicate<dev.msgstore.journal.codec.EventType<?>> decode,
      java.util.function.Predicate<dev.msgstore.journal.event.Event> keep,
      java.util.function.LongConsumer progress) {
    try (ProjectionWriter w = beginWrite()) {
      long[] applied = {0};
      java.util.List<dev.msgstore.journal.event.Event> kept = new java.util.ArrayList<>();
      dev.msgstore.journal.JournalArchive.inOrder(
          journals,
          decode,
          commit -> {
            if (commit.meta().timeMicros() > untilMicros) {
              return false;
            }
            kept.clear();
            for (dev.msgstore.journal.event.Event e : commit.events()) {
              if (keep.test(e)) {
                kept.add(e);
              }
            }
            w.apply(
                kept.size() == commit.events().size()
                    ? commit
                    : new Commit(commit.index(), commit.meta(), kept));
            if (++applied[0] % CATCH_UP_BATCH == 0) {
              progress.accept(applied[0]);
            }
            return true;
          });
      w.commit();
      return applied[0];
    }
  }

  /** Every table's every entry, in key order, as hex: equal dumps mean equal projections. */
  public void dump(Appendable out) throws IOException {
    HexFormat hex = HexFormat.of();
    try (Txn<ByteBuffer> tx = env.txnRead()) {
      for (Table t : tables.values()) {
        out.append("[").append(t.name()).append("]\n");
        IOException[] failure = new IOException[1];
        t.scanFrom(
            tx,
            null,
            (k, v) -> {
              try {
                out.append(hex.formatHex(bytes(k))).append('=').append(hex.formatHex(bytes(v)));
                out.append('\n');
                return true;
              } catch (IOException e) {
                failure[0] = e;
                return false;
              }
            });
        if (failure[0] != null) {
          throw failure[0];
        }
      }
    }
  }

  /** Entry counts and LMDB page statistics per table, for imcheck -s and the bench. */
  public Map<String, org.lmdbjava.Stat> tableStats() {
    Map<String, org.lmdbjava.Stat> out = new LinkedHashMap<>();
    try (Txn<ByteBuffer> tx = env.txnRead()) {
      tables.forEach((name, t) -> out.put(name, t.stat(tx)));
    }
    return out;
  }

  public org.lmdbjava.EnvInfo environmentInfo() {
    return env.info();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static ByteBuffer keyOf(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocateDirect(b.length).put(b).flip();
  }

  @Override
  public synchronized void close() {
    if (cursor != null) {
      cursor.close();
    }
    readTxns.close();
    env.close();
    try {
      inUse.release();
      inUseChannel.close();
      if (scratch != null) {
        FileTrees.delete(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + inUseFile(dir), e);
    }
  }
}
