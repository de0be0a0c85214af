package dev.msgstore.journal.body;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The body store of one partition: bodies in append-only segment files under {@code bodiesDir},
 * found through a digest index in LMDB ({@code bodiesDir/index}) that can always be rebuilt from
 * the segments. Each process appends to segments of its own, so several processes can store bodies
 * in one partition at once. Thread-safe.
 *
 * <p>Layout: {@code seg-<epochMillis>-<pid>-<n>.body} segments, {@code index/} (LMDB), {@code
 * index.bootid}, {@code open.lock}, and {@code tmp/} for spooling bodies over 1 MiB.
 */
public final class SegmentBodyStore implements BodyStore {
  /** Segments roll over at this size. */
  public static final long DEFAULT_SEGMENT_BYTES = 256L << 20;

  private final Path dir;
  private final BodyIndex index;
  private final SegmentWriter writer;
  private final SegmentReader reader;
  private final Compactor compactor;
  private final boolean indexRebuilt;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SegmentBodyStore(Path dir, long maxSegmentBytes, Recovery.Opened opened) {
    this.dir = dir;
    this.index = opened.index();
    this.indexRebuilt = opened.rebuilt();
    this.writer = new SegmentWriter(dir, maxSegmentBytes, index);
    this.reader = new SegmentReader(dir);
    this.compactor = new Compactor(dir, maxSegmentBytes, index, reader);
  }

  /** Opens (creating if need be) the body store in {@code bodiesDir}, recovering it first. */
  public static SegmentBodyStore open(Path bodiesDir) throws IOException {
    return open(bodiesDir, DEFAULT_SEGMENT_BYTES);
  }

  /** As {@link #open(Path)}, rolling segments over at {@code maxSegmentBytes}. */
  public static SegmentBodyStore open(Path bodiesDir, long maxSegmentBytes) throws IOException {
    return open(bodiesDir, maxSegmentBytes, Recovery.currentBootId());
  }

  static SegmentBodyStore open(Path bodiesDir, long maxSegmentBytes, String bootId)
      throws IOException {
    if (maxSegmentBytes <= Frame.HEADER_BYTES + Frame.TRAILER_BYTES) {
      throw new IllegalArgumentException("segment size too small: " + maxSegmentBytes);
    }
    Path dir = bodiesDir.toAbsolutePath().normalize();
    return new SegmentBodyStore(dir, maxSegmentBytes, Recovery.open(dir, bootId));
  }

  @Override
  public StoredBody put(InputStream content) throws IOException {
    ensureOpen();
    try (Spool spool = Spool.read(content, dir.resolve(Recovery.TMP_DIR))) {
      return store(spool);
    }
  }

  @Override
  public StoredBody put(byte[] content) throws IOException {
    ensureOpen();
    try (Spool spool = Spool.of(content)) {
      return store(spool);
    }
  }

  @Override
  public StoredBody restore(InputStream content) throws IOException {
    ensureOpen();
    try (Spool spool = Spool.read(content, dir.resolve(Recovery.TMP_DIR))) {
      return writer.replace(spool); // never deduplicate against the damaged record
    }
  }

  @Override
  public StagedBody stage(InputStream content) throws IOException {
    ensureOpen();
    writer.beginStaging();
    try (Spool spool = Spool.read(content, dir.resolve(Recovery.TMP_DIR))) {
      long indexed = writer.indexedBatches();
      if (isStored(spool.digest())) {
        return StagedBody.durable(new StoredBody(spool.digest(), spool.size(), true));
      }
      // Under the writer's append lock, look again only if this writer indexed a batch since:
      // otherwise the answer above stands (what it has not indexed yet it finds among its
      // pending records), and an LMDB read transaction under that lock is saved. Another
      // process's record indexed meanwhile may then be stored twice, as it may be anyway while
      // it is pending there; the index keeps the first (BodyIndex.Batch.add).
      return writer.stage(spool, digest -> writer.indexedBatches() != indexed && isStored(digest));
    } finally {
      writer.endStaging();
    }
  }

  private StoredBody store(Spool spool) throws IOException {
    if (isStored(spool.digest())) {
      return new StoredBody(spool.digest(), spool.size(), true); // no lock, no fsync
    }
    return writer.put(spool, this::isStored);
  }

  /** Indexed, and its record still there: a body whose segment was lost is stored again. */
  private boolean isStored(Digest digest) {
    BodyIndex.Location at = index.get(digest);
    return at != null && Segments.holds(dir, at);
  }

  @Override
  public boolean contains(Digest digest) {
    ensureOpen();
    return index.get(digest) != null;
  }

  @Override
  public InputStream open(Digest digest) throws IOException {
    ensureOpen();
    try {
      return openAt(digest, locate(digest));
    } catch (NoSuchFileException e) {
      // Compaction may have moved it between our index read and the open: look once more.
      BodyIndex.Location at = locate(digest);
      try {
        return openAt(digest, at);
      } catch (NoSuchFileException again) {
        throw new NoSuchBodyException(digest, "its segment " + at.segment() + " is gone");
      }
    }
  }

  private BodyIndex.Location locate(Digest digest) throws NoSuchBodyException {
    BodyIndex.Location at = index.get(digest);
    if (at == null) {
      throw new NoSuchBodyException(digest, "not stored");
    }
    return at;
  }

  private InputStream openAt(Digest digest, BodyIndex.Location at) throws IOException {
    if (!Segments.holds(dir, at)) {
      throw new NoSuchBodyException(digest, "its record in " + at.segment() + " is gone");
    }
    String mismatch = reader.frameMismatch(digest, at);
    if (mismatch != null) {
      throw new CorruptBodyException(digest, mismatch);
    }
    return reader.stream(digest, at);
  }

  @Override
  public OptionalLong size(Digest digest) {
    ensureOpen();
    BodyIndex.Location at = index.get(digest);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at.length());
  }

  @Override
  public BodyCheck verify(Digest digest) {
    ensureOpen();
    for (int attempt = 1; ; attempt++) {
      BodyIndex.Location at = index.get(digest);
      if (at == null || !Segments.holds(dir, at)) {
        return BodyCheck.MISSING;
      }
      try {
        return reader.frameMismatch(digest, at) != null
            ? BodyCheck.CORRUPT
            : reader.check(digest, at);
      } catch (NoSuchFileException | EOFException e) {
        if (attempt == 2) {
          return BodyCheck.MISSING;
        } // else compaction may have moved it since we read the index: look again
      } catch (ClosedChannelException e) {
        if (attempt == 2 || e instanceof ClosedByInterruptException) {
          throw new UncheckedIOException("verifying body " + digest.hex(), e);
        } // else the shared channel was closed under us (evicted, rolled over): again
      } catch (IOException e) {
        throw new UncheckedIOException("verifying body " + digest.hex(), e);
      }
    }
  }

  @Override
  public BodyStoreStats stats() {
    ensureOpen();
    try {
      return new BodyStoreStats(Segments.list(dir).size(), index.records(), index.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bytes of the segment files (their lengths): what compaction gives back, zeros a live writer
   * preallocated included. A segment compacted away meanwhile counts 0.
   */
  public long segmentBytes() throws IOException {
    ensureOpen();
    long total = 0;
    for (Path seg : Segments.list(dir)) {
      try {
        total += Files.size(seg);
      } catch (NoSuchFileException e) {
        // compacted away since the listing
      }
    }
    return total;
  }

  /**
   * What the segments hold, record by record: every valid record and its payload bytes, and how
   * many of them are the copy the index names. The rest are duplicates (the same digest written
   * twice: concurrent or imported deliveries) or copies left by a compaction, which the next
   * compaction drops.
   */
  public record Census(long records, long payloadBytes, long indexed, long indexedBytes) {}

  /** Reads every segment's headers; {@code perRecord} is called for each record (progress). */
  public Census census(Runnable perRecord) throws IOException {
    ensureOpen();
    long[] c = new long[4];
    for (Path seg : Segments.list(dir)) {
      String name = seg.getFileName().toString();
      try (java.nio.channels.FileChannel ch =
          java.nio.channels.FileChannel.open(seg, java.nio.file.StandardOpenOption.READ)) {
        SegmentScanner.scan(
            ch,
            name,
            0,
            false,
            false,
            f -> {
              c[0]++;
              c[1] += f.length();
              BodyIndex.Location at = index.get(f.digest());
              if (at != null && at.segment().equals(name) && at.offset() == f.payloadOffset()) {
                c[2]++;
                c[3] += f.length();
              }
              perRecord.run();
            });
      } catch (NoSuchFileException e) {
        // compacted away since the listing: its records are in another segment
      }
    }
    return new Census(c[0], c[1], c[2], c[3]);
  }

  @Override
  public void forEachBody(Consumer<StoredBody> action) {
    ensureOpen();
    index.forEach(action);
  }

  /**
   * Reclaims the space of bodies no longer referenced (the hook for {@code impurge}): rewrites
   * every sealed segment (one no live process is appending to) keeping only bodies for which {@code
   * isLive} is true, repoints the index, and deletes the old segment.
   *
   * <p>Contract for callers: a body judged dead here is gone for good, including for a concurrent
   * {@code put} that found it already stored and is about to name it in a commit. So call this
   * while no commit can name a body unknown to {@code isLive} (e.g. under the journal's write lock,
   * with the write path re-checking {@link #contains} under that lock before it commits).
   *
   * @return bytes reclaimed
   */
  public long compact(Predicate<Digest> isLive) throws IOException {
    return compact(Liveness.of(isLive));
  }

  /**
   * As {@link #compact(Predicate)}, safe beside writers: each segment's dead bodies are dropped
   * from the index inside {@link Liveness#exclusively}, and only if none of them became live since
   * it was judged.
   *
   * @return bytes reclaimed
   */
  public long compact(Liveness live) throws IOException {
    ensureOpen();
    return compactor.compact(live);
  }

  /** Whether opening rebuilt the index from the segments. */
  boolean indexRebuilt() {
    return indexRebuilt;
  }

  /** Segment fsyncs this store has done (group commit shares them among concurrent puts). */
  long fsyncCount() {
    return writer.fsyncs.get();
  }

  @Override
  public long syncCount() {
    return writer.fsyncs.get();
  }

  @Override
  public long syncNanos() {
    return writer.fsyncNanos.get();
  }

  Path directory() {
    return dir;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        writer.close();
        reader.close();
      } finally {
        index.release();
      }
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("body store " + dir + " is closed");
    }
  }

  @Override
  public String toString() {
    return "SegmentBodyStore[" + dir + "]";
  }
}
