package dev.msgstore.store;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.FileModes;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalArchive;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.CorruptBodyException;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.journal.body.StoredBody;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.Projections;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.command.AppendMessage;
import dev.msgstore.store.command.Command;
import dev.msgstore.store.command.CopyMessages;
import dev.msgstore.store.command.DecisionContext;
import dev.msgstore.store.command.MoveAccount;
import dev.msgstore.store.command.RenameMailbox;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.OptionCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one write path (DESIGN.md): a body goes to the body store first; then, under the journal's
 * write lock, the projections are caught up to the end of the journal, the command decides its
 * events against that state, the events are written as one commit, and applied. A rejected command
 * writes nothing. Reads go to the projections, caught up first. In a process, one thread does the
 * deciding and writing for every caller: the {@link Sequencer}.
 */
public final class Store implements AutoCloseable {
  /**
   * The stores open in this JVM, by root. LMDB must not open one environment twice in a process
   * (closing one handle drops the other's locks), so a second {@link #open} of the same root, from
   * a script verb while the script holds {@code store} say, shares the first one.
   */
  private static final Map<Path, Engine> OPEN = new HashMap<>();

  /**
   * Store's logger, got at its first warning: the JDK finds the logging back end at the first
   * {@code System.getLogger}, by looking for a provider in every jar of the class path, which took
   * a fresh process's audit query ({@code journal --user}, which only asks {@link #unlessOpen}) 30
   * ms.
   */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(Store.class.getName());
  }

  private final Engine engine;
  private final DryRun dryRun;
  private boolean closed;

  /**
   * What one open root holds: the journal, the projections, the body stores and the writer. The
   * journal (and the writer with it) is opened when first needed: a process that only reads, on
   * projections that cover the whole journal, never pays for Chronicle's start-up.
   */
  private static final class Engine {
    final Path root;
    final Clock clock;
    final Projections projections;
    final Map<String, BodyStore> bodies = new ConcurrentHashMap<>();
    final Object userDirectories = new Object();
    final String rebuiltBecause;

    /** {@link Store#partitionOf}'s answers, each with the layout generation it was read at. */
    final Map<String, PartitionAt> partitions = new ConcurrentHashMap<>();

    /** Whether this open made the root or the projections' files: their modes need checking. */
    private final boolean madeFiles;

    private volatile Journal journal; // set under this lock; null until needed
    private volatile Sequencer sequencer; // set with the journal
    private boolean writerClosed; // guarded by this
    int users;

    Engine(Path root, Clock clock) {
      this.root = root;
      this.clock = clock;
      boolean newRoot = !Files.exists(root);
      if (newRoot) {
        // private from its first moment: the store's own files take their directory's mode
        FileModes.createRoot(root, FileModes.PRIVATE);
      }
      this.projections = Projections.open(StoreLayout.projections(root));
      this.madeFiles = newRoot || projections.madeFiles();
      try {
        String reason = projections.rebuiltBecause().orElse(null);
        if (!journalEndsAtStamp()) {
          long stamp = projections.stamp(); // before the journal's open catches up
          journal();
          if (reason == null
              && stamp == Journal.NO_INDEX
              && journal.lastIndex() != Journal.NO_INDEX) {
            reason = "the projections were missing or empty";
          }
        }
        this.rebuiltBecause = reason;
        if (mayHaveMadeFiles()) {
          conformFileModes();
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /**
     * Whether the journal still ends with the commit the projections are stamped with, as the last
     * process to close them at that stamp recorded (a check of one small read, see {@link
     * JournalEnd}): then they cover every commit, and reads need no journal.
     */
    private boolean journalEndsAtStamp() {
      return projections
          .journalEnd()
          .filter(e -> e.stillEnds(StoreLayout.journal(root)))
          .isPresent();
    }

    /** The journal, opened and the projections caught up with it on first use. */
    synchronized Journal journal() {
      if (journal == null) {
        Journal j = Journal.open(StoreLayout.journal(root), clock);
        try {
          projections.catchUp(j);
          j.readUpTo(projections.stamp()); // the projections applied every commit up to it
        } catch (RuntimeException e) {
          j.close();
          throw e;
        }
        Sequencer s =
            new Sequencer(
                j, projections, state -> decisionContext(this, state, false), root.toString());
        s.start();
        sequencer = s;
        journal = j; // last: a reader that sees it sees the writer too
      }
      return journal;
    }

    synchronized Sequencer sequencer() {
      journal();
      return sequencer;
    }

    /** Applies what other processes committed since this one last looked. */
    void refresh() {
      if (journal == null) {
        synchronized (this) {
          if (journal == null) {
            if (!journalEndsAtStamp()) {
              journal(); // opening it catches up
            }
            return;
          }
        }
      }
      long end = journal.lastIndex();
      long stamp = projections.stamp();
      if (stamp == end
          || (stamp < end && sequencer.awaitBatchCovering(end) && projections.stamp() >= end)) {
        return; // caught up, or this writer's batch that covers the end has committed
      }
      sequencer.catchUp();
    }

    /**
     * A read view that covers the journal as it ended when called, as {@link #refresh} and then a
     * read transaction give, but in one read transaction when the projections are caught up already
     * (the stamp is compared inside the reader's own transaction, where it used to take one of its
     * own), and without a catch-up request when only this writer's batch being written is ahead:
     * the reader waits for that batch's end (see {@link Sequencer#awaitBatchCovering}).
     */
    ProjectionReader read() {
      return read(false);
    }

    /**
     * As {@link #read}, but without waiting for the batch being written when only its own commits
     * are ahead of the committed projections ({@link Sequencer#onlyUnansweredAbove}): the view
     * holds every commit acknowledged by then, not the journal's whole end.
     */
    ProjectionReader readAcknowledged() {
      return read(true);
    }

    private ProjectionReader read(boolean acknowledgedOnly) {
      Journal j = journal;
      if (j == null) {
        refresh();
        return projections.beginRead();
      }
      long end = j.lastIndex();
      ProjectionReader r = projections.beginRead();
      long stamp = r.stamp();
      if (stamp == end
          || (acknowledgedOnly && stamp < end && sequencer.onlyUnansweredAbove(stamp, end))) {
        return r;
      }
      r.close();
      if (stamp < end && sequencer.awaitBatchCovering(end)) {
        r = projections.beginRead();
        if (r.stamp() >= end) {
          return r;
        }
        r.close(); // that batch's projection transaction failed: catch up as before
      }
      sequencer.catchUp();
      return projections.beginRead();
    }

    /** Stops the writer thread, if there is one, once what it was given is done. */
    synchronized void closeWriter() {
      if (sequencer != null && !writerClosed) {
        writerClosed = true;
        sequencer.close();
      }
    }

    /**
     * Records where the journal ends at the projections' stamp, for the next process to read
     * without opening it, then closes the writer, projections and journal.
     */
    synchronized RuntimeException close() {
      closeWriter();
      RuntimeException failure = null;
      if (journal != null) {
        try {
          long stamp = projections.stamp();
          if (stamp != Journal.NO_INDEX
              && projections.journalEnd().isEmpty()
              && Files.isWritable(StoreLayout.projections(root))) {
            journal.endAt(stamp).ifPresent(projections::recordJournalEnd);
          }
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      projections.close();
      if (journal != null) {
        journal.close();
      }
      return failure;
    }

    /**
     * Whether this process may have made a file in the store, under its umask or before {@code
     * store.fileaccess} changed: it made the root or the projections' files, opened the journal
     * (every write goes through it; Chronicle makes its files under the umask) or a body store. A
     * process that did none of these only read the store (the projections' files it rewrites,
     * format and boot-id, keep their mode; configuration files are written with theirs), so it
     * leaves every file as it found it and does not walk the tree: that walk was a fifth of a short
     * listing's start on a store of 1,000 users.
     */
    boolean mayHaveMadeFiles() {
      return madeFiles || journal != null || !bodies.isEmpty();
    }

    /**
     * Gives the store's files the modes {@code store.fileaccess} asks for: the files this open
     * created (LMDB's, Chronicle's) under the process's umask, and the whole tree after the option
     * changed. A store this process cannot write is left as it is.
     */
    void conformFileModes() {
      if (!Files.isWritable(root)) {
        return;
      }
      Map<String, String> overrides;
      try (ProjectionReader r = projections.beginRead()) {
        overrides = r.configOverrides();
      }
      EffectiveConfig config = new EffectiveConfig(OptionCatalog.standard(), overrides);
      Set<PosixFilePermission> mode;
      try {
        mode = FileModes.forAccess(config.value(FILE_ACCESS).orElse("owner").strip());
      } catch (IllegalArgumentException e) {
        // configutil refuses such a value; one that got in another way keeps the store private
        Log.LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; the store stays private");
        mode = FileModes.PRIVATE;
      }
      FileModes.conform(root, mode);
      for (Path partition : Partitions.of(root, overrides).paths().values()) {
        if (!partition.startsWith(root)) {
          FileModes.conform(partition, mode);
        }
      }
    }
  }

  private static final String FILE_ACCESS = "store.fileaccess";

  private Store(Engine engine, DryRun dryRun) {
    this.engine = engine;
    this.dryRun = dryRun;
  }

  public static Store open(Path root) {
    return open(root, Clock.systemUTC());
  }

  /**
   * Opens the store at {@code root}, or shares the one this JVM already has open there (which must
   * then have the same clock). Each open is closed once; the last close releases the files.
   */
  public static Store open(Path root, Clock clock) {
    Path where = root.toAbsolutePath().normalize();
    synchronized (OPEN) {
      Engine e = OPEN.get(where);
      if (e == null) {
        e = new Engine(where, clock);
        OPEN.put(where, e);
      } else if (!e.clock.equals(clock)) {
        throw new IllegalStateException(
            "the store in " + where + " is already open in this process with another clock");
      }
      e.users++;
      return new Store(e, null);
    }
  }

  /**
   * Runs {@code work} on the journal of the store at {@code root} without opening its projections:
   * for a repair of a damaged commit, which their catch-up would stop at. It is the journal of the
   * store this JVM has open there if there is one (one Chronicle queue per directory in a process),
   * else one opened for {@code work} alone.
   */
  public static <T> T onJournal(Path root, Function<Journal, T> work) {
    Path where = root.toAbsolutePath().normalize();
    synchronized (OPEN) {
      Engine e = OPEN.get(where);
      if (e != null) {
        return work.apply(e.journal);
      }
      try (Journal j = Journal.open(StoreLayout.journal(where))) {
        return work.apply(j);
      }
    }
  }

  /**
   * Runs {@code work} when this JVM has no store open at {@code root}, holding back any open there
   * until it returns, and returns true; returns false, running nothing, when one is open. For a
   * reader that opens the projections' LMDB environment on its own ({@code journal}'s audit index):
   * LMDB must not have one environment open twice in a process (closing either drops the other's
   * locks), and a process that has the store open reads through it.
   */
  public static boolean unlessOpen(Path root, Runnable work) {
    Path where = root.toAbsolutePath().normalize();
    synchronized (OPEN) {
      if (OPEN.containsKey(where)) {
        return false;
      }
      work.run();
      return true;
    }
  }

  /**
   * The same store, for a part of {@code run}: commands are decided against the current state plus
   * what the run would already have written, and their events returned ({@link Outcome#dryRun()}),
   * but nothing is written, neither to the journal nor to a body store. Close it as any other open.
   */
  public Store dryRun(DryRun run) {
    synchronized (OPEN) {
      if (closed) {
        throw new IllegalStateException("the store is closed");
      }
      engine.users++;
      return new Store(engine, run);
    }
  }

  public boolean isDryRun() {
    return dryRun != null;
  }

  public Path root() {
    return engine.root;
  }

  public Journal journal() {
    return engine.journal();
  }

  public Projections projections() {
    return engine.projections;
  }

  /** Whether this open has opened the journal yet (reads on caught-up projections do not). */
  boolean journalOpened() {
    synchronized (engine) {
      return engine.journal != null;
    }
  }

  /** Why this open rebuilt the projections from the journal, if it did. */
  public Optional<String> rebuiltBecause() {
    return Optional.ofNullable(engine.rebuiltBecause);
  }

  /** Decides and commits {@code command}; throws {@link Rejected} and writes nothing if refused. */
  public Outcome execute(Author author, Command command) {
    return commit(author, command, List.of());
  }

  /**
   * As {@link #execute(Author, Command)}, for a command naming bodies staged for it ({@link
   * BodyStore#stage}): they are made durable first, sharing one fsync, and the commit follows.
   */
  public Outcome execute(Author author, Command command, List<StagedBody> bodies) {
    return commit(author, command, bodies);
  }

  private Outcome commit(Author author, Command command, List<StagedBody> bodies) {
    if (dryRun == null) {
      Outcome done = engine.sequencer().execute(author, command, bodies);
      keepUserDirectories(done.events());
      return done;
    }
    return dryRun.decide(
        engine.projections,
        engine.journal(),
        author,
        CommitMeta.micros(engine.clock.instant()),
        view -> {
          List<Event> events = command.decide(decisionContext(engine, view, true));
          MoveLock.check(view, command, events);
          return events;
        });
  }

  /**
   * Brings the per-user directories of the accounts a commit touched in step with them, after the
   * commit: the commit stands whatever happens on disk, so a failure here is logged and left to the
   * next commit for that user, never reported as the command's.
   */
  private void keepUserDirectories(List<Event> events) {
    Set<String> users = UserDirectories.touched(events);
    if (users.isEmpty()) {
      return;
    }
    // One at a time in this process, each reading the state after its commit: the last to run saw
    // the latest state, so a create and a delete of one account cannot leave it the wrong way.
    synchronized (engine.userDirectories) {
      try (ProjectionReader r = engine.projections.beginRead()) {
        Partitions partitions = Partitions.of(engine.root, r.configOverrides());
        for (String user : users) {
          try {
            UserDirectories.reconcile(r, partitions, user);
          } catch (IOException | UncheckedIOException e) {
            Log.LOG.log(System.Logger.Level.WARNING, "cannot update the directory of " + user, e);
          }
        }
      }
    }
  }

  private static DecisionContext decisionContext(
      Engine engine, ProjectionReader state, boolean dryRun) {
    return new DecisionContext(
        state,
        engine.clock.millis(),
        () -> Partitions.of(engine.root, state.configOverrides()),
        // A dry run stores no body: it decides as if each were where the append puts it.
        dryRun ? (partition, digest) -> true : (p, d) -> hasBody(engine, state, p, d));
  }

  /**
   * Stores the message body in the mailbox's partition, then appends it. The header (size,
   * Message-ID, Date) is read from the first {@link MessageHeaders#SCAN_LIMIT} bytes. The body's
   * fsync is shared with every other message committed in the same batch.
   */
  public Outcome append(Author author, String mailbox, InputStream message, AppendOptions options)
      throws IOException {
    HeadCapture head = new HeadCapture(message, MessageHeaders.SCAN_LIMIT);
    String partition = options.partition() != null ? options.partition() : partitionOf(mailbox);
    StagedBody body =
        isDryRun() ? StagedBody.durable(measure(head)) : bodies(partition).stage(head);
    return append(author, mailbox, partition, body, head.headers(), options);
  }

  /**
   * As {@link #append(Author, String, InputStream, AppendOptions)}, with the header (size,
   * Message-ID, Date) as the caller read it.
   */
  public Outcome append(
      Author author,
      String mailbox,
      InputStream message,
      MessageHeaders headers,
      AppendOptions options)
      throws IOException {
    String partition = options.partition() != null ? options.partition() : partitionOf(mailbox);
    StagedBody body =
        isDryRun() ? StagedBody.durable(measure(message)) : bodies(partition).stage(message);
    return append(author, mailbox, partition, body, headers, options);
  }

  /** Appends a body already durable in the body store of {@code partition}. */
  public Outcome appendStored(
      Author author,
      String mailbox,
      String partition,
      StoredBody body,
      MessageHeaders headers,
      AppendOptions options)
      throws IOException {
    return append(author, mailbox, partition, StagedBody.durable(body), headers, options);
  }

  private Outcome append(
      Author author,
      String mailbox,
      String partition,
      StagedBody staged,
      MessageHeaders headers,
      AppendOptions options)
      throws IOException {
    StoredBody body = staged.body();
    AppendMessage command =
        new AppendMessage(
            mailbox,
            body.digest(),
            body.size(),
            headers.headerSize(),
            options.internalDate(),
            headers.sentDate(),
            options.flags(),
            options.keywords(),
            headers.messageId(),
            options.create(),
            options.ignoreQuota(),
            options.partition(),
            headers.summary());
    List<StagedBody> waitFor = List.of(staged);
    for (int attempt = 0; ; attempt++) {
      try {
        return commit(author, command, waitFor);
      } catch (AppendMessage.BodyNotInPartition moved) {
        // The mailbox moved to another partition since we looked: copy the body there first.
        if (attempt == 3) {
          throw moved;
        }
        try (InputStream in = bodies(partition).open(body.digest())) {
          waitFor = List.of(bodies(moved.partition()).stage(in));
        }
        partition = moved.partition();
      }
    }
  }

  /**
   * Renames a mailbox (and its children) and, when {@code partition} differs, moves it there:
   * bodies are copied to the new partition first, then the rename is one commit.
   */
  public Outcome moveMailbox(Author author, String oldName, String newName, String partition)
      throws IOException {
    String name = MailboxNames.canonical(oldName);
    return moveWithBodies(
        author,
        new RenameMailbox(oldName, newName, partition),
        partition,
        r -> {
          List<MailboxRecord> boxes = new ArrayList<>();
          r.mailbox(name).ifPresent(boxes::add);
          r.forEachMailbox(name + "/", boxes::add);
          return boxes;
        });
  }

  /**
   * Moves a user's account, every mailbox of theirs, to another partition ({@code mboxutil -r
   * user/<uid>/INBOX user/<uid>/INBOX partition}): bodies first, then one commit.
   */
  public Outcome moveAccount(Author author, String userId, String partition) throws IOException {
    return moveWithBodies(
        author,
        new MoveAccount(userId, partition),
        partition,
        r -> r.mailboxes(MailboxNames.USER_PREFIX + userId + "/")); // INBOX included
  }

  /**
   * Copies the bodies of the mailboxes {@code moving} selects to {@code partition} (none when it is
   * null), then commits {@code move}. A message appended meanwhile may have no body there yet, so
   * the copy is retried a few times. A dry run copies nothing: it decides as if each body were
   * there, and opening the target's body store could create it.
   */
  private Outcome moveWithBodies(
      Author author,
      Command move,
      String partition,
      Function<ProjectionReader, List<MailboxRecord>> moving)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      if (partition != null && !isDryRun()) {
        copyBodies(moving, partition);
      }
      try {
        return execute(author, move);
      } catch (AppendMessage.BodyNotInPartition missing) {
        // Messages arrived while the bodies were being copied: copy again.
        if (attempt == 3) {
          throw missing;
        }
      }
    }
  }

  private void copyBodies(Function<ProjectionReader, List<MailboxRecord>> moving, String partition)
      throws IOException {
    try (ProjectionReader r = read()) {
      BodyStore target = bodies(partition);
      for (MailboxRecord m : moving.apply(r)) {
        if (m.partition().equals(partition)) {
          continue;
        }
        for (var msg : r.messages(m.id())) {
          if (!target.contains(msg.digest())) {
            // checked as it is copied: a damaged body is named, never moved as good
            try (InputStream in = openMessage(m, msg)) {
              target.put(in);
            }
          }
        }
      }
    }
  }

  /**
   * Copies (or moves) messages to another mailbox as one commit ({@link CopyMessages}); when the
   * target lives on another partition, the bodies are copied there first.
   */
  public Outcome copyMessages(Author author, CopyMessages copy) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return execute(author, copy);
      } catch (AppendMessage.BodyNotInPartition missing) {
        if (attempt == 3 || isDryRun()) {
          throw missing;
        }
        try (ProjectionReader r = read()) {
          MailboxRecord source =
              r.mailbox(MailboxNames.canonical(copy.from())).orElseThrow(() -> missing);
          BodyStore target = bodies(missing.partition());
          for (long uid : copy.uids()) {
            Optional<MessageRecord> m = r.message(source.id(), uid);
            if (m.isPresent() && !target.contains(m.get().digest())) {
              try (InputStream in = openMessage(source, m.get())) {
                target.put(in);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Copies a body stored in partition {@code from} to partition {@code to}; a dry run, which stored
   * nothing, only returns it.
   */
  public StoredBody copyBody(StoredBody body, String from, String to) throws IOException {
    if (isDryRun()) {
      return body;
    }
    try (InputStream in = openBody(from, body.digest())) {
      return bodies(to).put(in);
    }
  }

  /** An answer of partitionOf and the writer's layout generation it was read at. */
  private record PartitionAt(long generation, String partition) {}

  /** Mailboxes whose partition this process remembers, at most (then it forgets them all). */
  private static final int PARTITIONS_KEPT = 16_384;

  /**
   * The partition a message for {@code mailbox} goes to: the mailbox's, or its owner's. Remembered
   * while this process's writer has committed nothing that could change it ({@link
   * Sequencer#layoutGeneration}), which saves a read transaction per append; another process's
   * change is seen from this writer's next batch on.
   */
  public String partitionOf(String mailbox) {
    // No catch-up: if the mailbox has just moved, the append is told and copies the body over.
    Sequencer writer = engine.sequencer;
    long generation = writer == null ? -1 : writer.layoutGeneration(); // first: see the record
    PartitionAt known = writer == null ? null : engine.partitions.get(mailbox);
    if (known != null && known.generation() == generation) {
      return known.partition();
    }
    String partition;
    try (ProjectionReader r = engine.projections.beginRead()) {
      String name = MailboxNames.canonical(mailbox);
      partition =
          r.mailbox(name)
              .map(MailboxRecord::partition)
              .or(() -> MailboxNames.ownerOf(name).flatMap(r::user).map(u -> u.partition()))
              .orElse(Partitions.DEFAULT);
    }
    if (writer != null) {
      if (engine.partitions.size() >= PARTITIONS_KEPT) {
        engine.partitions.clear();
      }
      engine.partitions.put(mailbox, new PartitionAt(generation, partition));
    }
    return partition;
  }

  /** A read view caught up with the journal. Close it when done. */
  public ProjectionReader read() {
    if (dryRun != null) {
      return dryRun.read(engine.projections, engine.journal());
    }
    return engine.read();
  }

  /**
   * A read view holding every commit acknowledged when called (this process's commands that have
   * returned) and every other process's commit in the journal by then; unlike {@link #read}, not
   * the commits of this process's batch being written, whose callers are still waiting: an LMTP
   * RCPT under load reads without waiting for that batch's end. Close it when done.
   */
  public ProjectionReader readAcknowledged() {
    if (dryRun != null) {
      return read();
    }
    return engine.readAcknowledged();
  }

  /** Applies what other processes have committed since this one last looked. */
  public void refresh() {
    if (dryRun == null) {
      engine.refresh();
    }
  }

  /** The configuration in force: the catalog's defaults under the journal's options, caught up. */
  public EffectiveConfig config() {
    try (ProjectionReader r = read()) {
      return new EffectiveConfig(OptionCatalog.standard(), r.configOverrides());
    }
  }

  /** The option naming where journalarchive moves old journal cycles. */
  public static final String JOURNAL_ARCHIVE_DIR = "store.journal.archivedir";

  /**
   * Where journalarchive moves old journal cycles: {@code store.journal.archivedir}, else {@code
   * <store>/journal-archive}. A replay of the whole history (a restore) reads it before the
   * journal.
   */
  public Path journalArchiveDir() {
    return config()
        .value(JOURNAL_ARCHIVE_DIR)
        .filter(v -> !v.isBlank())
        .map(Path::of)
        .orElse(root().resolve(JournalArchive.DEFAULT_DIRECTORY));
  }

  /**
   * Every directory that may hold archived journal cycles, oldest first: those journalarchive moved
   * cycles to (the projection base lists them; a run may have named one with {@code --dir}), then
   * {@link #journalArchiveDir} if they do not include it.
   */
  public List<Path> journalArchiveDirs() {
    List<Path> dirs =
        new ArrayList<>(Projections.archiveDirectories(StoreLayout.projections(root())));
    Path configured = journalArchiveDir().toAbsolutePath().normalize();
    if (!dirs.contains(configured)) {
      dirs.add(configured);
    }
    return dirs;
  }

  public Partitions partitions() {
    try (ProjectionReader r = engine.projections.beginRead()) {
      return Partitions.of(engine.root, r.configOverrides());
    }
  }

  /** The body store of a partition, opened on first use. */
  public BodyStore bodies(String partition) {
    BodyStore open = engine.bodies.get(partition);
    return open != null ? open : bodies(engine, partition, partitions());
  }

  private static BodyStore bodies(Engine engine, String partition, Partitions known) {
    Path path = known.path(partition);
    return engine.bodies.computeIfAbsent(
        partition,
        p -> {
          try {
            return SegmentBodyStore.open(path.resolve("bodies"));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot open the body store of partition " + p, e);
          }
        });
  }

  /**
   * Stores a body in a partition's body store, durably; a dry run only reads it for its digest and
   * size.
   */
  public StoredBody putBody(String partition, InputStream in) throws IOException {
    return isDryRun() ? measure(in) : bodies(partition).put(in);
  }

  /**
   * Reads a body from a partition's body store, checked as it streams ({@link BodyStore#open}): a
   * body that fails ends in a {@link CorruptBodyException} naming its digest. To serve a message,
   * use {@link #openMessage}, which names the message.
   */
  public InputStream openBody(String partition, Digest digest) throws IOException {
    return bodies(partition).open(digest);
  }

  /**
   * A message's bytes, as everything that serves a message reads them ({@code imcheck -b}, a
   * script's {@code store.body}, and the protocols and backup to come): streamed from its mailbox's
   * partition through {@link BodyStore#open}'s check, so that a body that fails it ends in a {@link
   * CorruptMessageException} naming the mailbox and UID, before its last bytes are handed out, and
   * is never served as good data.
   */
  public InputStream openMessage(MailboxRecord mailbox, MessageRecord message) throws IOException {
    try {
      return new MessageStream(
          openBody(mailbox.partition(), message.digest()), mailbox.name(), message.uid());
    } catch (CorruptBodyException e) {
      throw new CorruptMessageException(mailbox.name(), message.uid(), e);
    }
  }

  private static boolean hasBody(
      Engine engine, ProjectionReader state, String partition, Digest digest) {
    BodyStore open = engine.bodies.get(partition);
    if (open == null) {
      Partitions known = Partitions.of(engine.root, state.configOverrides());
      if (!known.exists(partition)) {
        return false;
      }
      open = bodies(engine, partition, known);
    }
    return open.contains(digest);
  }

  /** A dry run's stand-in for storing a body: its digest and size, read and forgotten. */
  private static StoredBody measure(InputStream in) throws IOException {
    MessageDigest sha = Digest.newSha256();
    byte[] buf = new byte[64 * 1024];
    long size = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      sha.update(buf, 0, n);
      size += n;
    }
    return new StoredBody(Digest.of(sha.digest()), size, false);
  }

  @Override
  public void close() {
    synchronized (OPEN) {
      if (closed) {
        return;
      }
      closed = true;
      if (--engine.users > 0) {
        return;
      }
      OPEN.remove(engine.root);
    }
    engine.closeWriter();
    RuntimeException failure = null;
    for (BodyStore b : engine.bodies.values()) {
      try {
        b.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    try {
      if (engine.mayHaveMadeFiles()) {
        engine.conformFileModes(); // what this run created: new segments, cycle files, user trees
      }
    } catch (RuntimeException e) {
      failure = failure == null ? e : failure;
    }
    RuntimeException closing = engine.close();
    failure = failure == null ? closing : failure;
    if (failure != null) {
      throw failure;
    }
  }
}
