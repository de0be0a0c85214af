package dev.msgstore.journal.body;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.msgstore.journal.FileModes;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Appends this process's records to its own segment (so processes need no shared append lock) and
 * makes them durable with group commit.
 *
 * <h2>Group commit</h2>
 *
 * A put whose record is still PENDING, finding no leader at work, becomes the leader: it takes
 * every record appended so far, fsyncs them, indexes them in one LMDB transaction, and only then
 * marks them DURABLE and wakes their waiters, plus one waiter whose record it did not take, who
 * leads the next batch. So a put returns once its record is fsynced and indexed: {@code contains}
 * says true as soon as {@code put} has returned, and never before the record is durable (other
 * processes dedupe against the index). Waiters park and are woken each by the leader, rather than
 * queueing on a lock and waking one another in turn, which cost more than the fsync.
 *
 * <p>(Indexing after handing the next fsync on, with a separate index lock, keeps every guarantee
 * but measured slower on a 2-core machine: the early hand-over costs a wake-up per batch and makes
 * batches smaller. Indexing before the fsync would let another process dedupe against a record not
 * yet durable; waking waiters before indexing would make {@code contains} false right after a put.)
 *
 * <h2>Preallocation</h2>
 *
 * A new segment is filled with zeros up to {@link #PREALLOCATE_STEP} (capped at the segment size)
 * and fsynced before its first record is written; when appends have used half of what is left, a
 * background step zeros and fsyncs the next stretch. Records go into bytes that already exist and
 * are durable, so the fsync that acknowledges them need not also commit the file's size and block
 * allocation (which costs about twice as much). Bytes past the last record are zeros, which scans
 * read as the clean end of the records; a segment is cut back to its last record when it is retired
 * or closed, and by recovery when its writer died. A record that does not fit in the preallocated
 * bytes while no step is at work is written past them: the file grows, and the fsync that
 * acknowledges the record commits the new size too (fdatasync does), as before.
 *
 * <p>Lock order: {@code syncLock} before {@code appendLock}; appenders never wait for syncLock
 * while holding appendLock, so appends go on while the leader fsyncs. {@code waiting}'s monitor is
 * innermost. The zeroing step takes appendLock only.
 */
final class SegmentWriter {
  private static final System.Logger LOG = System.getLogger(SegmentWriter.class.getName());

  /** Bytes preallocated at a time (fewer when the segment's size caps them). */
  static final long PREALLOCATE_STEP = 8L << 20;

  /** Frames of bodies in heap up to this size are assembled and written in one call. */
  private static final int FRAME_BUFFER_BYTES = 256 << 10;

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

  private final Path dir;
  private final long maxSegmentBytes;
  private final BodyIndex index;

  /** Segment fsyncs for records so far; tests check that concurrent puts share them. */
  final AtomicLong fsyncs = new AtomicLong();

  /** The wall time of those fsyncs (and of the directory's), together. */
  final AtomicLong fsyncNanos = new AtomicLong();

  private final AtomicLong indexedBatches = new AtomicLong();

  private final ReentrantLock appendLock = new ReentrantLock();
  private final Condition preallocated = appendLock.newCondition(); // a zeroing step ended
  private Open current; // null until the first append: a store opened to read creates nothing
  private final List<Open> retired = new ArrayList<>(); // rolled over, not yet forced and closed
  private boolean directoryUnsynced; // a segment file was created since the last dir fsync
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // appended, not yet settled
  private final Map<Digest, Pending> pendingByDigest = new HashMap<>();
  private ByteBuffer frameBuffer; // used under appendLock
  private boolean closed;

  /** The longest a leader waits for callers still reading their bodies in (see awaitStagers). */
  private static final long STAGER_NANOS = 300_000;

  /**
   * Callers between {@link #beginStaging} and {@link #endStaging}: records about to be appended.
   */
  private final AtomicInteger staging = new AtomicInteger();

  private volatile boolean leaderWaiting;
  private final Object stagingMonitor = new Object(); // told when staging falls to zero

  private final ReentrantLock syncLock = new ReentrantLock(); // held by the leader

  /** Platform threads that write the index for virtual leaders (see onPlatformThread). */
  private static final ExecutorService INDEX_WRITERS =
      Executors.newCachedThreadPool(
          r -> Thread.ofPlatform().daemon().name("body-index-writer").unstarted(r));

  private final Map<Thread, Waiter> waiting = new HashMap<>(); // in awaitDurable; its monitor

  /**
   * A thread in awaitDurable, with the continuation it hands on ({@link StagedBody#awaitDurable(
   * Runnable)}), or null. Whoever claims {@code then} first runs it: the leader that settled the
   * record DURABLE (and then does not wake the waiter), or the waiter once it sees it settled.
   */
  private static final class Waiter {
    private static final AtomicIntegerFieldUpdater<Waiter> CLAIMED =
        AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "claimed");

    final Pending record;
    final Runnable then;
    volatile int claimed;

    Waiter(Pending record, Runnable then) {
      this.record = record;
      this.then = then;
    }

    /** Whether the caller is the one to run {@code then} (a DURABLE record's only). */
    boolean claim() {
      return then != null && record.state == Pending.DURABLE && CLAIMED.compareAndSet(this, 0, 1);
    }

    boolean claimedBySomeone() {
      return claimed != 0;
    }
  }

  /** A segment this writer holds open and locked. Fields are guarded by appendLock. */
  private static final class Open {
    final Path path;
    final FileChannel channel;
    long end; // end of the last record appended
    long allocated; // the file's bytes exist (zeros past end) up to here
    boolean preallocating; // a step is zeroing bytes from allocated on: appends stay below it
    boolean growOnly; // preallocating failed: the file just grows as records are written

    Open(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    String name() {
      return path.getFileName().toString();
    }
  }

  /**
   * A record appended: PENDING until a leader has fsynced and indexed it (DURABLE) or it failed
   * (FAILED), both final. Only a leader whose fsync returned sets DURABLE. {@link #abandon} fails
   * every PENDING record, including a batch whose leader is at work (conservatively: such a record
   * may have reached the disk; recovery then indexes it).
   */
  private static final class Pending {
    static final int PENDING = 0;
    static final int DURABLE = 1;
    static final int FAILED = 2;
    private static final AtomicIntegerFieldUpdater<Pending> STATE =
        AtomicIntegerFieldUpdater.newUpdater(Pending.class, "state");

    final Digest digest;
    final BodyIndex.Location at;
    final Open segment;
    final long end;

    /** Points the index at this record even if the digest is indexed (a repair). */
    final boolean replaces;

    volatile int state;
    volatile IOException failure; // written before state becomes FAILED

    Pending(Digest digest, BodyIndex.Location at, Open segment, long end, boolean replaces) {
      this.digest = digest;
      this.at = at;
      this.segment = segment;
      this.end = end;
      this.replaces = replaces;
    }

    boolean settled() {
      return state != PENDING;
    }

    void settle() {
      STATE.compareAndSet(this, PENDING, DURABLE);
    }

    void fail(IOException cause) {
      failure = cause; // read only once the state says FAILED
      STATE.compareAndSet(this, PENDING, FAILED);
    }
  }

  SegmentWriter(Path dir, long maxSegmentBytes, BodyIndex index) {
    this.dir = dir;
    this.maxSegmentBytes = maxSegmentBytes;
    this.index = index;
  }

  /**
   * Appends the spooled body unless {@code stored} says it is stored already or this writer is
   * already appending it, then waits until it is durable.
   */
  StoredBody put(Spool body, Predicate<Digest> stored) throws IOException {
    StagedBody staged = stage(body, stored);
    staged.awaitDurable();
    return staged.body();
  }

  /**
   * Appends the spooled body as {@link #put} does, but returns without waiting for the fsync: the
   * caller waits through the returned body before naming it in a commit.
   */
  StagedBody stage(Spool body, Predicate<Digest> stored) throws IOException {
    return stage(body, stored, false);
  }

  /** Appends a fresh record of the body whatever the index says, and points the index at it. */
  StoredBody replace(Spool body) throws IOException {
    StagedBody staged = stage(body, digest -> false, true);
    staged.awaitDurable();
    return staged.body();
  }

  private StagedBody stage(Spool body, Predicate<Digest> stored, boolean replacing)
      throws IOException {
    Pending record;
    boolean dedup = true;
    appendLock.lock();
    try {
      while (true) {
        if (closed) {
          throw new IOException("body store is closed");
        }
        Pending inFlight = replacing ? null : pendingByDigest.get(body.digest());
        if (inFlight != null) {
          record = inFlight;
          break;
        } else if (stored.test(body.digest())) {
          return StagedBody.durable(new StoredBody(body.digest(), body.size(), true));
        }
        Open seg = segmentFor(Frame.frameBytes(body.size()));
        if (seg != null) {
          record = append(seg, body, replacing);
          dedup = false;
          break;
        }
        // A zeroing step is at work where this record would go: wait for it, then look again
        // (with appendLock released meanwhile, someone may have stored this body).
        preallocated.awaitUninterruptibly();
      }
    } finally {
      appendLock.unlock();
    }
    Pending appended = record;
    return StagedBody.handing(
        new StoredBody(body.digest(), body.size(), dedup), then -> awaitDurable(appended, then));
  }

  /**
   * The segment a frame of {@code frameBytes} goes to (rolling over if need be), or null when a
   * zeroing step is at work on the bytes it would take.
   */
  private Open segmentFor(long frameBytes) throws IOException {
    if (current != null && !current.channel.isOpen()) {
      // Closed under us (a thread interrupted while using it): what is pending on it cannot be
      // made durable any more, but this body can go to a new segment.
      abandon(new IOException("segment " + current.name() + " was closed by an interrupt"));
    }
    if (current == null || (current.end > 0 && current.end + frameBytes > maxSegmentBytes)) {
      roll();
    }
    Open seg = current;
    return seg.end + frameBytes > seg.allocated && seg.preallocating ? null : seg;
  }

  private Pending append(Open seg, Spool body, boolean replacing) throws IOException {
    long frameBytes = Frame.frameBytes(body.size());
    long start = seg.end;
    try {
      if (body.inHeap() && frameBytes <= FRAME_BUFFER_BYTES) {
        if (frameBuffer == null) {
          frameBuffer = ByteBuffer.allocateDirect(FRAME_BUFFER_BYTES);
        }
        ByteBuffer b = frameBuffer.clear();
        Frame.putHeader(b, body.digest(), body.size());
        body.copyTo(b);
        b.putInt(body.crc()).flip();
        Frame.writeFully(seg.channel, b, start);
      } else {
        Frame.writeFully(seg.channel, Frame.header(body.digest(), body.size()), start);
        body.copyTo(seg.channel, start + Frame.HEADER_BYTES);
        Frame.writeFully(seg.channel, Frame.trailer(body.crc()), start + frameBytes - 4);
      }
    } catch (IOException | RuntimeException e) {
      // The segment may hold a torn record now: leave it to recovery and start a fresh one.
      abandon(e instanceof IOException io ? io : new IOException(e));
      throw e;
    }
    seg.end = start + frameBytes;
    seg.allocated = Math.max(seg.allocated, seg.end); // past it, the file grew
    var at = new BodyIndex.Location(seg.name(), start + Frame.HEADER_BYTES, body.size());
    Pending record = new Pending(body.digest(), at, seg, seg.end, replacing);
    pending.addLast(record);
    pendingByDigest.put(body.digest(), record);
    preallocateAhead(seg);
    return record;
  }

  private void roll() throws IOException {
    if (current != null) {
      retired.add(current); // the next leader trims, forces and closes it
      current = null;
    }
    Path path = dir.resolve(Segments.newName());
    FileChannel ch =
        FileChannel.open(path, Set.of(CREATE_NEW, READ, WRITE), FileModes.newFileIn(dir));
    FileLock lock = ch.tryLock();
    if (lock == null) {
      ch.close();
      throw new IOException("new segment " + path + " is locked by another process");
    }
    Segments.register(path, ch);
    Open seg = new Open(path, ch);
    current = seg;
    directoryUnsynced = true;
    // The first step now, before the first record goes in; later ones run ahead in background.
    long to = Math.min(PREALLOCATE_STEP, maxSegmentBytes);
    if (zeroFill(seg, 0, to)) {
      seg.allocated = to;
    } else {
      seg.growOnly = true;
    }
  }

  /**
   * Starts a background step zeroing the next stretch of the segment once appends have used half of
   * what is preallocated (caller holds appendLock).
   */
  private void preallocateAhead(Open seg) {
    if (seg.preallocating
        || seg.growOnly
        || seg.allocated >= maxSegmentBytes
        || seg.allocated - seg.end >= PREALLOCATE_STEP / 2) {
      return;
    }
    long from = seg.allocated;
    long to = Math.min(maxSegmentBytes, from + PREALLOCATE_STEP);
    seg.preallocating = true;
    try {
      Thread.ofVirtual().name("body-preallocate").start(() -> preallocate(seg, from, to));
    } catch (RuntimeException e) { // the JVM is going down, say: appends must not wait for it
      seg.preallocating = false;
      seg.growOnly = true;
    }
  }

  /** The background step: no record is written at or past {@code from} until it ends. */
  private void preallocate(Open seg, long from, long to) {
    boolean done = zeroFill(seg, from, to);
    appendLock.lock();
    try {
      if (done) {
        seg.allocated = to;
      } else {
        seg.growOnly = true;
      }
      seg.preallocating = false;
      preallocated.signalAll();
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Writes zeros over {@code [from, to)} and fsyncs them with the file's new size. On failure the
   * file is cut back to {@code from} (best effort: zeros left there are harmless) and this returns
   * false; records then make the file grow as they are written.
   */
  private static boolean zeroFill(Open seg, long from, long to) {
    try {
      for (long pos = from; pos < to; ) {
        ByteBuffer z = ZEROS.duplicate();
        z.limit((int) Math.min(z.capacity(), to - pos));
        pos += seg.channel.write(z, pos);
      }
      seg.channel.force(true);
      return true;
    } catch (IOException | RuntimeException e) {
      if (seg.channel.isOpen()) {
        LOG.log(
            Level.WARNING,
            "body segment {0}: cannot preallocate ({1}); it grows as records are written",
            seg.name(),
            e.toString());
        try {
          seg.channel.truncate(from);
        } catch (IOException again) {
          // zeros past the records are what preallocation leaves anyway
        }
      }
      return false;
    }
  }

  /**
   * Returns once {@code record} is settled; when DURABLE and {@code then} is not null, {@code then}
   * has run (here) or is claimed by the leader that settled it, which runs it instead of waking
   * this thread (see {@link StagedBody#awaitDurable(Runnable)}).
   */
  private void awaitDurable(Pending record, Runnable then) throws IOException {
    Waiter self = new Waiter(record, then);
    if (!record.settled()) {
      Thread me = Thread.currentThread();
      synchronized (waiting) {
        waiting.put(me, self);
      }
      try {
        while (!record.settled()) {
          if (syncLock.tryLock()) {
            try {
              if (!record.settled()) {
                lead(); // its batch has this record: it is settled when this returns
              }
            } finally {
              syncLock.unlock();
              wake(true);
            }
          } else {
            // A leader is at work. When done it wakes every waiter whose record is settled (but
            // runs the continuation of one whose record is DURABLE instead: whatever that starts
            // wakes it) and one whose record is not (who then leads, taking every PENDING record);
            // registering in waiting before looking makes sure this thread is one of them or is
            // covered by that successor. An unpark that comes before this park makes it return
            // at once.
            LockSupport.park(this);
          }
        }
      } finally {
        synchronized (waiting) {
          waiting.remove(me);
        }
      }
    }
    if (record.state == Pending.FAILED) {
      IOException cause = record.failure;
      throw new IOException("storing the body failed: " + cause.getMessage(), cause);
    }
    if (self.claim()) {
      self.then.run(); // no leader took it: settled before this thread registered, or led here
    }
  }

  /**
   * Wakes every waiter whose record is settled and, with {@code successor}, one whose record is not
   * (whoever releases syncLock must: it may be what that waiter parked behind).
   */
  private void wake(boolean successor) {
    Thread next = null;
    Thread me = Thread.currentThread();
    List<Runnable> handedOn = null;
    synchronized (waiting) {
      for (Map.Entry<Thread, Waiter> e : waiting.entrySet()) {
        Waiter w = e.getValue();
        if (e.getKey() == me) {
          continue; // not parked (and a permit left over would only cost a spin later)
        } else if (w.record.settled()) {
          if (w.claim()) {
            if (handedOn == null) {
              handedOn = new ArrayList<>();
            }
            handedOn.add(w.then); // instead of a wake-up: what it starts wakes the waiter
          } else if (!w.claimedBySomeone()) {
            LockSupport.unpark(e.getKey());
          }
        } else if (successor && next == null) {
          next = e.getKey();
        }
      }
    }
    try {
      if (handedOn != null) {
        handedOn.forEach(Runnable::run); // must not throw (StagedBody.awaitDurable(Runnable))
      }
    } finally {
      if (next != null) {
        LockSupport.unpark(next); // last: the puts just settled may append before it looks
      }
    }
  }

  /**
   * Says that the caller is reading a body in (spooling and hashing it) and will append it: a
   * leader about to fsync waits for it, briefly, so that one fsync covers its record too.
   */
  void beginStaging() {
    staging.incrementAndGet();
  }

  /** The caller has appended its body, found it stored, or failed. */
  void endStaging() {
    if (staging.decrementAndGet() == 0 && leaderWaiting) {
      synchronized (stagingMonitor) {
        stagingMonitor.notifyAll();
      }
    }
  }

  /**
   * Group commit's wait for followers: callers still reading their bodies in will append within
   * microseconds of CPU, and would otherwise wait for this fsync and then run one of their own. The
   * leader waits until none is left, at most {@link #STAGER_NANOS}; not at all when nobody else is
   * storing a body (a single writer pays nothing).
   */
  private void awaitStagers() {
    if (staging.get() == 0) {
      return;
    }
    long deadline = System.nanoTime() + STAGER_NANOS;
    synchronized (stagingMonitor) {
      leaderWaiting = true;
      try {
        long left;
        while (staging.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
          stagingMonitor.wait(left / 1_000_000, (int) (left % 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // fsync what there is; the caller sees the flag
      } finally {
        leaderWaiting = false;
      }
    }
  }

  /**
   * The leader's work (holds syncLock): fsync every record appended so far (and the directory, when
   * a segment is new), index them, and mark them DURABLE.
   */
  private void lead() {
    awaitStagers();
    List<Pending> batch;
    List<Open> toForce;
    List<Open> toClose;
    boolean syncDir;
    appendLock.lock();
    try {
      while (retired.stream().anyMatch(seg -> seg.preallocating)) {
        preallocated.awaitUninterruptibly(); // they are trimmed next: no zeros may come after
      }
      while (!pending.isEmpty() && pending.peekFirst().settled()) {
        Pending done = pending.pollFirst(); // settled by an earlier leader
        pendingByDigest.remove(done.digest, done);
      }
      batch = new ArrayList<>(pending);
      toClose = new ArrayList<>(retired);
      retired.clear();
      toForce = new ArrayList<>(toClose);
      if (current != null && !batch.isEmpty()) {
        toForce.add(current);
      }
      syncDir = directoryUnsynced;
      directoryUnsynced = false;
    } finally {
      appendLock.unlock();
    }
    try {
      long syncStart = System.nanoTime();
      for (Open seg : toForce) {
        if (toClose.contains(seg) && seg.allocated > seg.end) {
          // retired: nothing more goes in, so its zeros go, with one fsync for both
          seg.channel.truncate(seg.end);
          seg.channel.force(true);
        } else {
          seg.channel.force(false);
        }
        fsyncs.incrementAndGet();
      }
      if (syncDir) {
        Segments.syncDirectory(dir);
      }
      if (!toForce.isEmpty() || syncDir) {
        fsyncNanos.addAndGet(System.nanoTime() - syncStart);
      }
      onPlatformThread(() -> indexBatch(batch));
    } catch (IOException | RuntimeException e) {
      appendLock.lock();
      try {
        directoryUnsynced |= syncDir;
        retired.addAll(toClose);
        abandon(e instanceof IOException io ? io : new IOException(e)); // fails the batch
      } finally {
        appendLock.unlock();
      }
      return;
    }
    for (Pending p : batch) {
      p.settle(); // DURABLE, unless an abandon() failed it meanwhile; the next leader drops it
    }
    toClose.forEach(SegmentWriter::closeQuietly);
  }

  /**
   * Runs {@code work} (an LMDB write transaction) on a platform thread when the leader is a virtual
   * one. A write transaction belongs to the OS thread that began it (lmdbjava issue 286), and a
   * virtual leader blocked in mdb_txn_begin pins its carrier: with every carrier pinned so, the
   * virtual thread that holds the transaction never runs again to end it (seen: an LMTP load hung
   * with every session in awaitDurable).
   */
  private static void onPlatformThread(Runnable work) throws IOException {
    if (!Thread.currentThread().isVirtual()) {
      work.run();
      return;
    }
    Future<?> done = INDEX_WRITERS.submit(work);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          done.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true; // the batch is settled either way: wait for it, keep the flag
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IOException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void indexBatch(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Map<String, Long> watermarks = new HashMap<>();
    try (BodyIndex.Batch b = index.write()) {
      for (Pending p : batch) {
        if (p.replaces) {
          b.move(p.digest, p.at);
        } else {
          b.add(p.digest, p.at, dir);
        }
        watermarks.merge(p.segment.name(), p.end, Math::max);
      }
      watermarks.forEach(b::watermark);
      b.commit();
    }
    indexedBatches.incrementAndGet();
  }

  /** How many batches this writer has indexed: a stager looks again only when it has changed. */
  long indexedBatches() {
    return indexedBatches.get();
  }

  /**
   * Gives up on every record not yet fsynced (caller holds appendLock): after a failed write or
   * fsync the page cache cannot be trusted, so later puts go to a new segment. Records that did
   * reach the disk are indexed by the next recovery.
   */
  private void abandon(IOException cause) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      p.fail(cause); // unless DURABLE already
      it.remove();
      pendingByDigest.remove(p.digest, p);
    }
    retired.forEach(SegmentWriter::closeQuietly);
    retired.clear();
    if (current != null) {
      closeQuietly(current);
      current = null;
    }
    wake(false);
  }

  /**
   * Makes everything appended durable and indexed, trims the current segment's zeros and releases
   * this writer's segments. Puts that come after it fail.
   */
  void close() {
    appendLock.lock();
    try {
      closed = true; // nothing more is appended
    } finally {
      appendLock.unlock();
    }
    syncLock.lock();
    try {
      lead();
      appendLock.lock();
      try {
        while (current != null && current.preallocating) {
          preallocated.awaitUninterruptibly();
        }
        trim(current);
        abandon(new IOException("body store is closed"));
      } finally {
        appendLock.unlock();
      }
    } finally {
      syncLock.unlock();
      wake(true);
    }
  }

  /** Cuts a segment nothing more goes into back to its last record (best effort). */
  private static void trim(Open seg) {
    if (seg == null || !seg.channel.isOpen() || seg.allocated <= seg.end) {
      return;
    }
    try {
      seg.channel.truncate(seg.end);
      seg.channel.force(true);
    } catch (IOException e) {
      // the zeros stay until recovery trims them
    }
  }

  private static void closeQuietly(Open seg) {
    Segments.unregister(seg.path);
    try {
      seg.channel.close(); // also releases the segment's lock
    } catch (IOException e) {
      // nothing was pending on it any more
    }
  }
}
