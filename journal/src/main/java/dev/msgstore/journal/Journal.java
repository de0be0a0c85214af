package dev.msgstore.journal;

import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.EventOutput;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.JournalWriteLock;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.WriteLock;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The append-only journal: one Chronicle Queue document per commit.
 *
 * <p>Writers in every process are serialised by the queue's cross-process write lock; inside this
 * process they also share one appender under {@link #writeLock}. A commit is acknowledged only when
 * its cycle file has been fsynced; writers that finish while a sync is running share the next one
 * (group commit). The sync is an fsync of the cycle file rather than {@code appender.sync()}: the
 * appender is single-threaded and only msyncs its current chunk, while an fsync of the file covers
 * every chunk and runs without holding back other writers. The queue directory is fsynced when a
 * new cycle file appears.
 *
 * <p>What a crash can lose: a {@code kill -9} loses nothing that was written, acknowledged or not
 * (the pages are in the OS); a commit being written when the process died is left incomplete and is
 * never read. A power cut loses at most the commits that were not yet acknowledged.
 */
public final class Journal implements AutoCloseable {
  public static final long NO_INDEX = -1;
  private static final long LOCK_TIMEOUT_MS = 3_000;

  /** Decides a commit's events while this process holds the journal's write lock. */
  public interface Decision {
    /** The events to write; empty writes nothing. Throw to reject: nothing is written. */
    List<? extends Event> decide();

    /** Called under the write lock right after the commit is written, before it is durable. */
    default void written(Commit commit) {}
  }

  private final Path dir;
  private final SingleChronicleQueue queue;

  /**
   * Made at the first write: making one takes the queue's cross-process write lock (and may close
   * an older cycle file), which a process that only reads must neither wait for nor take.
   */
  private ExcerptAppender appender; // guarded by writeLock

  private final ReentrantLock writeLock = new ReentrantLock();
  private final CycleFiles cycleFiles;
  private final GroupSync groupSync;
  private final Clock clock;
  private volatile long lastWritten = NO_INDEX;
  private long lastMicros;

  /** Where commits are encoded before being framed into a document; guarded by writeLock. */
  private final EventOutput scratch = new EventOutput(1024); // used under writeLock

  /**
   * The last index this process knows durable without having synced it itself: what was in the
   * journal when it first wrote (it fsyncs the cycle file then). A commit records the larger of
   * this and its own syncs, so that a reader can tell a torn tail from damage to an acknowledged
   * commit.
   */
  private long durableAtOpen = NO_INDEX; // guarded by writeLock

  /** Whether this process has looked for a torn tail before its first write; under writeLock. */
  private boolean tailChecked;

  /**
   * The cycle file a cursor at the end of the journal looks past: kept open, since every commit
   * this process writes is read back there (opening the cycle file through Chronicle for each one
   * cost a fifth of the writer thread's time).
   */
  private final EndReader endReader = new EndReader();

  private final EndTailer endTailer = new EndTailer();

  /** Set when a reader stops before a torn tail: the next write voids it first. */
  private volatile boolean tornTailSeen;

  /** The last index a cursor of this process read: where a tail repair starts. */
  private volatile long lastRead = NO_INDEX;

  private Journal(Path dir, Clock clock) {
    this(dir, clock, false);
  }

  private Journal(Path dir, Clock clock, boolean cyclesByClock) {
    this.dir = dir;
    this.clock = clock;
    this.cycleFiles = new CycleFiles(dir, this::cycleFileOf, FileChannel::force);
    this.queue =
        SingleChronicleQueueBuilder.binary(dir.toFile())
            // a journal this process cannot write (read-only mount, another user's) is read as
            // it is: Chronicle then maps read-only and takes no lock; an append fails
            .readOnly(!Files.isWritable(dir))
            .syncMode(SyncMode.SYNC)
            .timeoutMS(LOCK_TIMEOUT_MS)
            .storeFileListener(cycleFiles)
            .timeProvider(
                cyclesByClock
                    ? clock::millis
                    : net.openhft.chronicle.core.time.SystemTimeProvider.INSTANCE)
            .build();
    this.groupSync = new GroupSync(this::syncUpTo);
  }

  public static Journal open(Path dir) {
    return open(dir, Clock.systemUTC());
  }

  /** Opens the journal with the clock that times its commits (tests inject a fixed one). */
  public static Journal open(Path dir, Clock clock) {
    try {
      FileModes.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the journal directory " + dir, e);
    }
    return new Journal(dir, clock);
  }

  /**
   * Opens the journal so that its commits also go to the cycle file (the day) of {@code clock}: for
   * tests and generators that write a history dated in the past, as archiving needs.
   */
  public static Journal openDatedBy(Path dir, Clock clock) {
    try {
      FileModes.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the journal directory " + dir, e);
    }
    return new Journal(dir, clock, true);
  }

  public Path directory() {
    return dir;
  }

  /** Appends the given events as one commit and returns its index once durable. */
  public long append(Author author, List<? extends Event> events) {
    return append(author, () -> events);
  }

  /**
   * Takes the write lock, asks {@code decision} for the events, writes them as one document, and
   * returns the commit's index once it is durable ({@link #NO_INDEX} if there was nothing to
   * write). An exception from the decision propagates and nothing is written.
   */
  public long append(Author author, Decision decision) {
    long index = write(author, decision);
    if (index != NO_INDEX) {
      awaitDurable(index);
    }
    return index;
  }

  /**
   * Writes a commit as {@link #append} does but returns before it is durable: the caller must
   * {@link #awaitDurable} before acknowledging it. A writer that commits several commands in a row
   * waits once for all of them.
   */
  public long write(Author author, Decision decision) {
    long index;
    writeLock.lock();
    try {
      List<? extends Event> events;
      CommitMeta meta;
      if (!tailChecked || tornTailSeen) {
        tailChecked = true;
        repairTornTail(author);
      }
      ExcerptAppender appender = appender();
      try (DocumentContext dc = appender.writingDocument()) {
        try {
          events = decision.decide();
          if (events.isEmpty()) {
            dc.rollbackOnClose();
            return NO_INDEX;
          }
          meta = metaNow(author);
          long durableUpTo = Math.max(durableAtOpen, groupSync.syncedIndex());
          CommitCodec.encode(meta, durableUpTo, events, scratch, dc.wire().bytes());
        } catch (RuntimeException | Error e) {
          dc.rollbackOnClose();
          throw e;
        }
      }
      index = appender.lastIndexAppended();
      cycleFiles.written(appender.cycle());
      lastWritten = index;
      decision.written(new Commit(index, meta, List.copyOf(events)));
    } finally {
      writeLock.unlock();
    }
    return index;
  }

  /**
   * Voids a torn tail (see {@link TornTail}) under the queue's cross-process write lock, and writes
   * a {@code maintenance.commits-voided} commit saying what was voided. Then makes what is in the
   * journal durable, so that this process's commits can vouch for it. Under writeLock.
   */
  private void repairTornTail(Author author) {
    Optional<TornTail.Repair> repair;
    WriteLock lock = JournalWriteLock.of(queue);
    lock.lock();
    try {
      repair = TornTail.repair(queue, lastRead);
      tornTailSeen = false;
    } finally {
      lock.unlock();
    }
    long last = lastIndex();
    if (last != NO_INDEX && durableAtOpen == NO_INDEX) {
      forceCycleFileOf(last);
      durableAtOpen = last;
    }
    repair.ifPresent(
        r ->
            write(
                author,
                () ->
                    List.of(
                        new MaintenanceEvent.CommitsVoided(
                            r.firstIndex(), r.count(), "torn tail: never acknowledged"))));
  }

  /**
   * Voids the damaged commit at {@code index}, which is not a torn tail, and records that with a
   * {@code maintenance.commits-voided} commit naming why. What its events did is lost: the
   * administrator's choice, made with {@code reconstruct --skip-commit}.
   */
  public long skipDamagedCommit(Author author, long index) {
    TornTail.Skipped skipped;
    writeLock.lock();
    try {
      WriteLock lock = JournalWriteLock.of(queue);
      lock.lock();
      try {
        skipped = TornTail.voidDamaged(queue, index);
      } finally {
        lock.unlock();
      }
    } finally {
      writeLock.unlock();
    }
    // A commit whole behind a damaged Chronicle header is not skipped: its header is restored
    // from its own frame, nothing is voided, and the record says so.
    return append(
        author,
        List.of(
            skipped.restored()
                ? new MaintenanceEvent.CommitsVoided(index, 0, skipped.why())
                : new MaintenanceEvent.CommitsVoided(
                    index, 1, "skipped, damaged: " + skipped.why())));
  }

  /**
   * The damaged commit at {@code index} and what follows it, for an administrator choosing between
   * {@link #skipDamagedCommit} and {@link #stopAtDamagedCommit}. Throws {@link
   * java.util.NoSuchElementException} when there is no commit at {@code index}, {@link
   * IllegalArgumentException} when it is not damaged.
   */
  public DamagedCommit damagedCommit(long index) {
    return DamagedCommits.survey(queue, index);
  }

  /**
   * Stops the journal at the damaged commit at {@code index}: voids it and every commit after it,
   * and records that with a {@code maintenance.commits-voided} commit. The store goes back to what
   * it was before that commit; what the later commits did is set aside (their bytes stay in the
   * file, voided). The administrator's choice, made with {@code reconstruct --stop-at-commit}.
   * Returns how many documents were voided.
   */
  public long stopAtDamagedCommit(Author author, long index) {
    String why;
    long voided;
    writeLock.lock();
    try {
      WriteLock lock = JournalWriteLock.of(queue);
      lock.lock();
      try {
        why = DamagedCommits.survey(queue, index).why();
        if (why.startsWith("its Chronicle header")) {
          throw new IllegalArgumentException(
              "the commit at index "
                  + CommitCodec.hex(index)
                  + " is whole, only its Chronicle header is damaged: --skip-commit restores it");
        }
        voided = DamagedCommits.voidFrom(queue, index);
      } finally {
        lock.unlock();
      }
    } finally {
      writeLock.unlock();
    }
    append(
        author,
        List.of(
            new MaintenanceEvent.CommitsVoided(
                index, voided, "stopped at a damaged commit: " + why)));
    return voided;
  }

  /** The cycle file of {@code cycle}, from the queue (it must exist). */
  private File cycleFileOf(int cycle) {
    return TornTail.cycleFile(queue, cycle);
  }

  private void forceCycleFileOf(long index) {
    File f = TornTail.cycleFile(queue, queue.rollCycle().toCycle(index));
    try (FileChannel ch = FileChannel.open(f.toPath(), StandardOpenOption.WRITE)) {
      ch.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the journal in " + dir, e);
    }
  }

  /** Called by a cursor that meets a damaged document: whether it starts a torn tail. */
  boolean isTornTail(long index) {
    boolean torn = TornTail.isTorn(queue, index);
    if (torn) {
      tornTailSeen = true;
    }
    return torn;
  }

  /**
   * Called by a cursor that found no document: when it stands at the end of an older cycle file
   * whose end-of-cycle marker never reached the disk (docs/DURABILITY.md, state 12), moves it to
   * the first document of the next cycle and returns true. Chronicle's readers wait there for a
   * marker that only its next appender writes; no writer ever adds a document to an older cycle, so
   * its end is its end.
   */
  boolean pastUnmarkedCycleEnd(ExcerptTailer tailer) {
    int cycle = tailer.cycle();
    if (cycle == Integer.MIN_VALUE || cycle >= queue.lastCycle()) {
      return false;
    }
    int next;
    try {
      next = queue.nextCycle(cycle, TailerDirection.FORWARD);
    } catch (java.text.ParseException e) {
      return false;
    }
    return next > cycle && tailer.moveToIndex(queue.rollCycle().toIndex(next, 0));
  }

  /**
   * Called by a cursor that meets a damaged document, or a metadata one starting like a commit:
   * why, if its Chronicle header alone is damaged and the commit in it is whole (then nothing past
   * it can be found until the header is restored), else null. {@code length} -1: a metadata
   * document.
   */
  String damagedHeader(long index, long payloadAt, long length) {
    File f = TornTail.cycleFile(queue, queue.rollCycle().toCycle(index));
    try (FileChannel ch = FileChannel.open(f.toPath(), StandardOpenOption.READ)) {
      int frame = FrameCheck.intactFrameLength(ch, payloadAt);
      if (frame < 0) {
        return null;
      }
      if (length < 0) {
        return TornTail.METADATA_FLAG;
      }
      return frame != length ? FrameCheck.why(length, frame) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + dir, e);
    }
  }

  /**
   * Called by a cursor at the end of what it can read, {@code at} being where the last document it
   * read ends: why, if a whole commit lies there behind a header marked "not complete" (a flipped
   * bit: a live writer's header reads zero until its document is complete), else null. Readers stop
   * at such a header; the next writer restores it ({@link TornTail}).
   */
  String wholeCommitNotComplete(long lastIndex, long at) {
    if (lastIndex == NO_INDEX) {
      return null;
    }
    try {
      try {
        return TornTail.wholeCommitNotComplete(endReader.channel(lastIndex), at);
      } catch (java.nio.channels.ClosedChannelException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException) {
          throw e;
        }
        // another thread's interrupt closed the shared channel under this read: open it again
        return TornTail.wholeCommitNotComplete(endReader.channel(lastIndex), at);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + dir, e);
    }
  }

  /**
   * Says that the commits up to {@code index} were read intact, by this process or by the one that
   * stamped the projections with it, so that the look for a torn tail before this process's first
   * write starts there. A process that read nothing (its projections were caught up) would
   * otherwise decode the whole journal before its first write: seconds for one {@code deliver}.
   */
  public void readUpTo(long index) {
    read(index);
  }

  void read(long index) {
    if (index > lastRead) {
      lastRead = index;
    }
  }

  private ExcerptAppender appender() {
    if (appender == null) {
      appender = queue.createAppender();
      appender.singleThreadedCheckDisabled(true);
    }
    return appender;
  }

  /** Whether a sync of this process has covered the commit at {@code index} already. */
  public boolean isDurable(long index) {
    return groupSync.syncedIndex() >= index;
  }

  /** Returns once the commit at {@code index}, and every one before it, is on disk. */
  public void awaitDurable(long index) {
    groupSync.awaitDurable(index);
  }

  /**
   * As {@link #awaitDurable(long)}; when this thread runs the sync, it first runs {@code
   * beforeSync} (which must not throw), e.g. a wait for a commit about to be written, so that the
   * one sync covers it too. Threads that come meanwhile wait for that sync.
   */
  public void awaitDurable(long index, Runnable beforeSync) {
    groupSync.awaitDurable(index, beforeSync);
  }

  /** Commit times never go backwards within a process, even when the clock does. */
  private CommitMeta metaNow(Author a) {
    Instant now = clock.instant();
    lastMicros = Math.max(CommitMeta.micros(now), lastMicros + 1);
    return CommitMeta.of(lastMicros, a);
  }

  private long syncUpTo() {
    long target = lastWritten;
    try {
      cycleFiles.syncWritten();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the journal in " + dir, e);
    }
    return target;
  }

  /**
   * The I/O error of the fsync that stopped this journal's syncs, if one did: from then on no write
   * of this process is made durable, and only a new process (reading the journal from disk) can
   * write again.
   */
  public Optional<IOException> failedFsync() {
    return cycleFiles.failedFsync();
  }

  /** How many syncs this process has run: fewer than its commits when group commit works. */
  public long syncCount() {
    return groupSync.syncs();
  }

  /** The wall time this process's syncs took, together (the daemon's fsync metric). */
  public long syncNanos() {
    return groupSync.syncNanos();
  }

  /** The index of the last complete commit, or {@link #NO_INDEX} for an empty journal. */
  public long lastIndex() {
    long i = endTailer.lastIndex();
    return i < 0 ? NO_INDEX : i;
  }

  /**
   * Where the commit at {@code index} lies, to tell later without Chronicle that it is the last.
   */
  public Optional<JournalEnd> endAt(long index) {
    return JournalEnd.of(queue, index);
  }

  public JournalCursor cursor() {
    return new JournalCursor(this, queue.createTailer());
  }

  /** Feeds every commit after {@code afterIndex} ({@link #NO_INDEX}: from the start) in order. */
  public void replay(long afterIndex, Consumer<Commit> sink) {
    try (JournalCursor c = cursor()) {
      c.seekAfter(afterIndex);
      for (Commit commit = c.next(); commit != null; commit = c.next()) {
        sink.accept(commit);
      }
    }
  }

  /** Feeds commits from the start up to and including time {@code untilMicros}. */
  public void replayUntil(long untilMicros, Consumer<Commit> sink) {
    try (JournalCursor c = cursor()) {
      c.seekAfter(NO_INDEX);
      for (Commit commit = c.next(); commit != null; commit = c.next()) {
        if (commit.meta().timeMicros() > untilMicros) {
          return;
        }
        sink.accept(commit);
      }
    }
  }

  /** The name of the cycle file that holds the commit at {@code index}. */
  public String cycleFileName(long index) {
    return TornTail.cycleFile(queue, queue.rollCycle().toCycle(index)).getName();
  }

  /** The index of the first commit the journal directory still holds (older cycles archived). */
  public long firstIndex() {
    long i = queue.firstIndex();
    return i == Long.MAX_VALUE || i < 0 ? NO_INDEX : i;
  }

  public JournalStats stats() {
    long bytes = 0;
    int cycles = 0;
    File[] files = dir.toFile().listFiles((d, n) -> n.endsWith(".cq4"));
    if (files != null) {
      for (File f : files) {
        bytes += f.length();
        cycles++;
      }
    }
    return new JournalStats(cycles, queue.entryCount(), bytes, firstIndex(), lastIndex());
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (appender != null) {
        appender.close();
      }
      endTailer.close();
      queue.close();
      cycleFiles.closeChannels();
      endReader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the journal in " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * The end of the queue as Chronicle's {@code lastIndex()} finds it (a tailer going backward from
   * the end, past metadata), with one tailer kept for every call: Chronicle's own creates and
   * closes a tailer per call, and every {@code Store.read()} asks (about a tenth of the daemon's
   * CPU under an LMTP load went to tailer set-up and release). A tailer that failed (an interrupt
   * may close its file) is dropped and the next call makes another.
   */
  private final class EndTailer {
    private ExcerptTailer tailer; // guarded by this

    synchronized long lastIndex() {
      if (tailer == null) {
        tailer = queue.createTailer();
        tailer.singleThreadedCheckDisabled(true); // used by whichever thread holds this monitor
      }
      try {
        tailer.direction(TailerDirection.BACKWARD).toEnd();
        while (true) {
          try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
              return NO_INDEX;
            }
            if (!dc.isMetaData()) {
              return dc.index();
            }
          }
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    synchronized void close() {
      if (tailer != null) {
        ExcerptTailer t = tailer;
        tailer = null;
        t.close();
      }
    }
  }

  /** A read channel on the newest cycle file cursors looked at the end of, kept open. */
  private final class EndReader {
    private int cycle = Integer.MIN_VALUE;
    private FileChannel channel;

    synchronized FileChannel channel(long index) throws IOException {
      int c = queue.rollCycle().toCycle(index);
      if (channel == null || c != cycle || !channel.isOpen()) {
        close();
        channel = FileChannel.open(TornTail.cycleFile(queue, c).toPath(), StandardOpenOption.READ);
        cycle = c;
      }
      return channel;
    }

    synchronized void close() throws IOException {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    }
  }

  /** An fsync: {@link FileChannel#force}, or in a test one that fails. */
  @FunctionalInterface
  interface Fsync {
    void force(FileChannel channel, boolean metadata) throws IOException;
  }

  /** Tracks the cycle files this process writes, fsyncs them, and the directory when new. */
  static final class CycleFiles implements StoreFileListener {
    private final Path dir;
    private final Map<Integer, File> files = new ConcurrentHashMap<>();
    private final Set<Integer> unsynced = ConcurrentHashMap.newKeySet();
    private final Map<Integer, FileChannel> channels = new HashMap<>();
    private final IntFunction<File> fileOfCycle;
    private final Fsync fsync;
    private int newestSyncedCycle = Integer.MIN_VALUE;

    /**
     * The I/O error an fsync of this journal reported, if one did. Linux reports a writeback error
     * once: the pages it could not write are marked clean (or dropped), and the next fsync succeeds
     * without them. A commit written before the error could then be missing on disk while later
     * ones are there, so after one no sync of this process succeeds again: nothing more is
     * acknowledged until the process starts anew and reads the journal from disk (PostgreSQL panics
     * on a failed fsync for the same reason).
     */
    private volatile IOException failedFsync;

    CycleFiles(Path dir, IntFunction<File> fileOfCycle, Fsync fsync) {
      this.dir = dir;
      this.fileOfCycle = fileOfCycle;
      this.fsync = fsync;
    }

    @Override
    public void onAcquired(int cycle, File file) {
      files.put(cycle, file);
    }

    @Override
    public void onReleased(int cycle, File file) {}

    /** Under the write lock: the commit just written went to {@code cycle}. */
    void written(int cycle) {
      unsynced.add(cycle);
    }

    Optional<IOException> failedFsync() {
      return Optional.ofNullable(failedFsync);
    }

    synchronized void syncWritten() throws IOException {
      if (failedFsync != null) {
        throw new IOException(
            "an earlier fsync of the journal in "
                + dir
                + " failed ("
                + failedFsync.getMessage()
                + "): nothing written since can be made durable until the process starts again",
            failedFsync);
      }
      for (Integer cycle : List.copyOf(unsynced)) {
        unsynced.remove(cycle);
        File f = files.get(cycle);
        if (f == null) {
          // Chronicle does not tell onAcquired of every cycle file this process writes to (seen
          // in the journal's tests, now and then: a sync found the cycle unknown, fsynced nothing,
          // and its commits were called durable): ask the queue for the file instead.
          try {
            f = fileOfCycle.apply(cycle);
          } catch (RuntimeException e) {
            unsynced.add(cycle); // not synced: the next sync tries again
            throw e;
          }
          files.put(cycle, f);
        }
        FileChannel ch = channels.get(cycle);
        if (ch == null) {
          closeChannels();
          ch = FileChannel.open(f.toPath(), StandardOpenOption.WRITE);
          channels.put(cycle, ch);
        }
        try {
          force(ch, false);
          if (cycle > newestSyncedCycle) {
            FileModes.conformFile(f.toPath()); // Chronicle made it under the umask
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
              force(d, true);
            }
            newestSyncedCycle = cycle; // only now: a failed directory fsync is run again
          }
        } catch (IOException | RuntimeException e) {
          // Not synced (an fsync error, the file's mode, or the channel or the directory's closed
          // by an interrupt of the thread that ran this fsync): the cycle stays unsynced, or the
          // next sync would find nothing to do and call its commits durable. A channel an
          // interrupt closed is opened again by the next sync.
          unsynced.add(cycle);
          if (e instanceof ClosedChannelException) {
            channels.remove(cycle, ch);
          }
          throw e;
        }
      }
    }

    /**
     * An fsync whose I/O error stops every later sync; one cut by an interrupt (the channel closed
     * under it) does not: nothing was written by it, and the next sync opens the file again.
     */
    private void force(FileChannel ch, boolean metadata) throws IOException {
      try {
        fsync.force(ch, metadata);
      } catch (ClosedChannelException e) {
        throw e;
      } catch (IOException e) {
        failedFsync = e;
        throw e;
      }
    }

    synchronized void closeChannels() throws IOException {
      for (FileChannel ch : channels.values()) {
        ch.close();
      }
      channels.clear();
    }
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
