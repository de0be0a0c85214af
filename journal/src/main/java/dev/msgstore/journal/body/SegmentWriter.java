package dev.msgstore.journal.body;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Appends this process's records to its own segment (so processes need no shared append lock) and
 * makes them durable with group commit: whoever finds its record not yet durable becomes the
 * leader, fsyncs everything appended so far, indexes it and wakes everyone it covered.
 *
 * <p>Lock order: {@code syncLock} before {@code appendLock}; appenders never wait for syncLock
 * while holding appendLock, so appends go on while the leader fsyncs.
 */
final class SegmentWriter {
  private final Path dir;
  private final long maxSegmentBytes;
  private final BodyIndex index;

  /** Segment fsyncs so far; tests check that concurrent puts share them. */
  final AtomicLong fsyncs = new AtomicLong();

  private final ReentrantLock appendLock = new ReentrantLock();
  private Open current; // null until the first append: a store opened to read creates nothing
  private final List<Open> retired = new ArrayList<>(); // rolled over, not yet forced and closed
  private boolean directoryUnsynced; // a segment file was created since the last dir fsync
  private long appendedSeq;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // appended, not yet durable
  private final Map<Digest, Long> pendingByDigest = new HashMap<>();
  private boolean closed;

  private final ReentrantLock syncLock = new ReentrantLock();
  private volatile long durableSeq;
  private volatile long failedThrough;
  private volatile IOException failure;

  /** A segment this writer holds open and locked. */
  private static final class Open {
    final Path path;
    final FileChannel channel;
    long end;

    Open(Path path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    String name() {
      return path.getFileName().toString();
    }
  }

  private record Pending(long seq, Digest digest, BodyIndex.Location at, Open segment, long end) {}

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
    long seq;
    boolean dedup = true;
    appendLock.lock();
    try {
      if (closed) {
        throw new IOException("body store is closed");
      }
      Long inFlight = pendingByDigest.get(body.digest());
      if (inFlight != null) {
        seq = inFlight;
      } else if (stored.test(body.digest())) {
        return new StoredBody(body.digest(), body.size(), true);
      } else {
        seq = append(body);
        dedup = false;
      }
    } finally {
      appendLock.unlock();
    }
    awaitDurable(seq);
    return new StoredBody(body.digest(), body.size(), dedup);
  }

  private long append(Spool body) throws IOException {
    if (current != null && !current.channel.isOpen()) {
      // Closed under us (a thread interrupted while using it): what is pending on it cannot be
      // made durable any more, but this body can go to a new segment.
      abandon(new IOException("segment " + current.name() + " was closed by an interrupt"));
    }
    long frameBytes = Frame.frameBytes(body.size());
    if (current == null || (current.end > 0 && current.end + frameBytes > maxSegmentBytes)) {
      roll();
    }
    Open seg = current;
    long start = seg.end;
    try {
      Frame.writeFully(seg.channel, Frame.header(body.digest(), body.size()), start);
      body.copyTo(seg.channel, start + Frame.HEADER_BYTES);
      Frame.writeFully(seg.channel, Frame.trailer(body.crc()), start + frameBytes - 4);
    } catch (IOException | RuntimeException e) {
      // The segment may hold a torn record now: leave it to recovery and start a fresh one.
      abandon(e instanceof IOException io ? io : new IOException(e));
      throw e;
    }
    seg.end = start + frameBytes;
    long seq = ++appendedSeq;
    var at = new BodyIndex.Location(seg.name(), start + Frame.HEADER_BYTES, body.size());
    pending.addLast(new Pending(seq, body.digest(), at, seg, seg.end));
    pendingByDigest.put(body.digest(), seq);
    return seq;
  }

  private void roll() throws IOException {
    if (current != null) {
      retired.add(current); // the next leader forces and closes it
      current = null;
    }
    Path path = dir.resolve(Segments.newName());
    FileChannel ch = FileChannel.open(path, CREATE_NEW, READ, WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      ch.close();
      throw new IOException("new segment " + path + " is locked by another process");
    }
    Segments.register(path, ch);
    current = new Open(path, ch);
    directoryUnsynced = true;
  }

  private void awaitDurable(long seq) throws IOException {
    while (durableSeq < seq) {
      if (failedThrough >= seq) {
        throw new IOException("storing the body failed: " + failure.getMessage(), failure);
      }
      syncLock.lock();
      try {
        if (durableSeq < seq && failedThrough < seq) {
          syncBatch();
        }
      } finally {
        syncLock.unlock();
      }
    }
  }

  /** The leader's work (holds syncLock): fsync everything appended so far, then index it. */
  private void syncBatch() {
    List<Pending> batch;
    List<Open> toForce;
    List<Open> toClose;
    boolean syncDir;
    long target;
    appendLock.lock();
    try {
      batch = new ArrayList<>(pending);
      target = appendedSeq;
      toClose = new ArrayList<>(retired);
      retired.clear();
      toForce = new ArrayList<>(toClose);
      if (current != null) {
        toForce.add(current);
      }
      syncDir = directoryUnsynced;
      directoryUnsynced = false;
    } finally {
      appendLock.unlock();
    }
    try {
      for (Open seg : toForce) {
        seg.channel.force(false);
        fsyncs.incrementAndGet();
      }
      if (syncDir) {
        Segments.syncDirectory(dir);
      }
      indexBatch(batch);
    } catch (IOException | RuntimeException e) {
      appendLock.lock();
      try {
        directoryUnsynced |= syncDir;
        retired.addAll(toClose);
        abandon(e instanceof IOException io ? io : new IOException(e));
      } finally {
        appendLock.unlock();
      }
      return;
    }
    toClose.forEach(SegmentWriter::closeQuietly);
    appendLock.lock();
    try {
      while (!pending.isEmpty() && pending.peekFirst().seq() <= target) {
        pending.pollFirst(); // an abandon() meanwhile may have cleared them already
      }
      for (Pending p : batch) {
        pendingByDigest.remove(p.digest(), p.seq());
      }
    } finally {
      appendLock.unlock();
    }
    durableSeq = target;
  }

  private void indexBatch(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Map<String, Long> watermarks = new HashMap<>();
    try (BodyIndex.Batch b = index.write()) {
      for (Pending p : batch) {
        b.add(p.digest(), p.at(), dir);
        watermarks.merge(p.segment().name(), p.end(), Math::max);
      }
      watermarks.forEach(b::watermark);
      b.commit();
    }
  }

  /**
   * Gives up on every record not yet durable (caller holds appendLock): after a failed write or
   * fsync the page cache cannot be trusted, so later puts go to a new segment. Records that did
   * reach the disk are indexed by the next recovery.
   */
  private void abandon(IOException cause) {
    failure = cause;
    failedThrough = appendedSeq;
    pending.clear();
    pendingByDigest.clear();
    retired.forEach(SegmentWriter::closeQuietly);
    retired.clear();
    if (current != null) {
      closeQuietly(current);
      current = null;
    }
  }

  /** Makes everything appended durable, then releases this writer's segments. */
  void close() {
    syncLock.lock();
    try {
      if (durableSeq < appendedSeqNow() && failedThrough < appendedSeqNow()) {
        syncBatch();
      }
      appendLock.lock();
      try {
        closed = true;
        abandon(new IOException("body store is closed"));
      } finally {
        appendLock.unlock();
      }
    } finally {
      syncLock.unlock();
    }
  }

  private long appendedSeqNow() {
    appendLock.lock();
    try {
      return appendedSeq;
    } finally {
      appendLock.unlock();
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
