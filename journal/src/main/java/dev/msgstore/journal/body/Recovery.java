package dev.msgstore.journal.body;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.msgstore.journal.FileModes;
import dev.msgstore.journal.FileTrees;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.LmdbException;

/**
 * Brings the index up to date with the segments when a store opens, under {@code open.lock} so that
 * two processes opening at once do not both recover.
 *
 * <p>Normally only segments whose writer is gone are scanned, from their watermark, checking every
 * record (a crash between append and index put left records there; a crash mid-append left a torn
 * tail; a writer that died without closing left the zeros it preallocated after its last record).
 * Torn tails and trailing zeros are truncated, so a sealed segment ends at its last record. The
 * index is rebuilt from all segment headers when it is missing or unreadable, or when the machine
 * rebooted since it was written: it runs with MDB_NOSYNC, so a power cut may have left it damaged.
 * Scans go by the records, never by the file length (see {@link SegmentScanner}).
 */
final class Recovery {
  private static final System.Logger LOG = System.getLogger(Recovery.class.getName());
  static final String INDEX_DIR = "index";
  static final String BOOT_ID_FILE = "index.bootid";
  static final String TMP_DIR = "tmp";
  private static final String LOCK_FILE = "open.lock";
  private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
  private static final int INDEX_BATCH = 4096;
  private static final Object JVM_LOCK = new Object(); // FileLock alone would throw in-JVM

  /** The recovered index (acquired: the caller releases it) and whether it was rebuilt. */
  record Opened(BodyIndex index, boolean rebuilt) {}

  private Recovery() {}

  static String currentBootId() {
    try {
      return Files.readString(BOOT_ID, US_ASCII).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static Opened open(Path dir, String bootId) throws IOException {
    synchronized (JVM_LOCK) {
      if (!Files.isDirectory(dir)) {
        FileModes.createDirectories(dir);
        Segments.syncDirectory(dir.toAbsolutePath().getParent());
      }
      FileModes.createDirectories(dir.resolve(TMP_DIR));
      try (FileChannel ch =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock(); // released when ch closes
        try {
          return recover(dir, bootId);
        } finally {
          lock.release();
        }
      }
    }
  }

  private static Opened recover(Path dir, String bootId) throws IOException {
    Path indexDir = dir.resolve(INDEX_DIR);
    if (BodyIndex.isOpen(indexDir)) {
      // Another store in this JVM opened (and checked) it; only segments of writers gone since.
      BodyIndex index = BodyIndex.acquire(indexDir);
      return scanAll(dir, index, false, new Opened(index, false));
    }
    Spool.removeOrphans(dir.resolve(TMP_DIR));
    Path bootFile = dir.resolve(BOOT_ID_FILE);
    String why = null;
    if (!Files.exists(indexDir.resolve("data.mdb"))) {
      why = "it is missing";
    } else if (!bootId.equals(readBootId(bootFile))) {
      why = "the machine restarted since it was written (boot id changed)";
    }
    BodyIndex index = null;
    if (why == null) {
      try {
        index = BodyIndex.acquire(indexDir);
      } catch (LmdbException e) {
        why = "it is unreadable (" + e.getMessage() + ")";
      }
    }
    if (why != null) {
      boolean fresh = Segments.list(dir).isEmpty(); // a new store: nothing to warn about
      LOG.log(
          fresh ? Level.DEBUG : Level.WARNING,
          "body index {0}: rebuilding it from the segments: {1}",
          indexDir,
          why);
      FileTrees.delete(indexDir);
      index = BodyIndex.acquire(indexDir);
    }
    index.clearStaleReaders();
    Opened opened = scanAll(dir, index, why != null, new Opened(index, why != null));
    if (why != null) {
      writeBootId(bootFile, bootId);
    }
    return opened;
  }

  private static Opened scanAll(Path dir, BodyIndex index, boolean rebuild, Opened opened)
      throws IOException {
    try {
      for (Path seg : Segments.list(dir)) {
        boolean recovered =
            Segments.withSealed(seg, false, ch -> catchUp(dir, index, ch, seg, rebuild));
        if (!recovered && rebuild && Segments.held(seg) == null) {
          indexLiveSegment(dir, index, seg); // its writer indexes what it appends from now on
        }
      }
      List<String> gone = new ArrayList<>();
      index.watermarks().keySet().stream()
          .filter(s -> !Files.exists(dir.resolve(s)))
          .forEach(gone::add);
      if (!gone.isEmpty()) {
        try (BodyIndex.Batch b = index.write()) {
          gone.forEach(b::forgetSegment);
          b.commit();
        }
      }
      return opened;
    } catch (IOException | RuntimeException e) {
      index.release();
      throw e;
    }
  }

  /**
   * Indexes a sealed segment's records past its watermark, truncating a torn tail or trailing zeros
   * (the caller holds its lock). In a rebuild it reads from the start, headers only.
   */
  static boolean catchUp(Path dir, BodyIndex index, FileChannel ch, Path seg, boolean rebuild)
      throws IOException {
    String name = seg.getFileName().toString();
    long from = rebuild ? 0 : index.watermark(name);
    if (from > ch.size()) {
      LOG.log(Level.WARNING, "body segment {0} is shorter than its index says; rescanning", name);
      from = 0;
    }
    try (IndexSink sink = new IndexSink(dir, index, name)) {
      long end = SegmentScanner.scan(ch, name, from, !rebuild, true, sink);
      sink.finish(end);
    }
    return true;
  }

  private static void indexLiveSegment(Path dir, BodyIndex index, Path seg) throws IOException {
    String name = seg.getFileName().toString();
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ);
        IndexSink sink = new IndexSink(dir, index, name)) {
      SegmentScanner.scan(ch, name, 0, true, false, sink);
      sink.finish(-1);
    } catch (NoSuchFileException e) {
      // compacted away meanwhile: its records are in another segment
    }
  }

  /** Indexes frames in bounded write transactions; the watermark moves with the last one. */
  private static final class IndexSink implements SegmentScanner.FrameSink, AutoCloseable {
    private final Path dir;
    private final BodyIndex index;
    private final String segment;
    private BodyIndex.Batch batch;
    private int inBatch;

    IndexSink(Path dir, BodyIndex index, String segment) {
      this.dir = dir;
      this.index = index;
      this.segment = segment;
    }

    @Override
    public void accept(Frame f) {
      if (batch == null) {
        batch = index.write();
      }
      var at = new BodyIndex.Location(segment, f.payloadOffset(), f.length());
      batch.add(f.digest(), at, dir);
      if (++inBatch == INDEX_BATCH) {
        batch.commit();
        batch.close();
        batch = null;
        inBatch = 0;
      }
    }

    /** Commits, recording {@code watermark} unless it is negative. */
    void finish(long watermark) {
      if (batch == null && watermark < 0) {
        return;
      }
      if (batch == null) {
        batch = index.write();
      }
      if (watermark >= 0) {
        batch.watermark(segment, watermark);
      }
      batch.commit();
    }

    @Override
    public void close() {
      if (batch != null) {
        batch.close();
        batch = null;
      }
    }
  }

  private static String readBootId(Path file) {
    try {
      return Files.readString(file, US_ASCII).trim();
    } catch (IOException e) {
      return null;
    }
  }

  private static void writeBootId(Path file, String bootId) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, bootId + "\n", US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
