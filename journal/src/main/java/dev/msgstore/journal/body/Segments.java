package dev.msgstore.journal.body;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Segment file names and the facts about them shared by every store in this JVM.
 *
 * <p>POSIX record locks belong to the process, and closing ANY descriptor of a file drops all of
 * the process's locks on it. So a segment this JVM holds (a writer's current segment, a segment
 * being recovered or compacted) is registered here, read through the holder's channel, and never
 * opened a second time, or other processes would see it unlocked.
 */
final class Segments {
  static final String PREFIX = "seg-";
  static final String SUFFIX = ".body";
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();

  private Segments() {}

  /** {@code seg-<epochMillis>-<pid>-<n>.body}: unique per process, sortable by creation time. */
  static String newName() {
    return PREFIX
        + System.currentTimeMillis()
        + "-"
        + PID
        + "-"
        + SEQUENCE.incrementAndGet()
        + SUFFIX;
  }

  static boolean isSegment(String fileName) {
    return fileName.startsWith(PREFIX) && fileName.endsWith(SUFFIX);
  }

  /** The segment files in {@code dir}, by name. */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> isSegment(p.getFileName().toString())).sorted().toList();
    }
  }

  /** Registers a segment this JVM has just created and locked. */
  static void register(Path segment, FileChannel writer) {
    HELD.put(key(segment), writer);
  }

  static void unregister(Path segment) {
    HELD.remove(key(segment));
  }

  /** The channel through which this JVM writes or compacts {@code segment}, or null. */
  static FileChannel held(Path segment) {
    return HELD.get(key(segment));
  }

  /** Work on a sealed segment whose lock is held. */
  interface SealedWork<T> {
    T apply(FileChannel channel) throws IOException;
  }

  /**
   * Runs {@code work} holding a sealed segment: its lock (so no other process writes, repairs or
   * compacts it) and its registration here (so this JVM neither opens it twice nor works on it
   * twice). Returns {@code absent} without running {@code work} when the segment is gone, held in
   * this JVM, or locked by a live process.
   */
  static <T> T withSealed(Path segment, T absent, SealedWork<T> work) throws IOException {
    Path key = key(segment);
    FileChannel ch;
    synchronized (HELD) {
      if (HELD.containsKey(key)) {
        return absent;
      }
      try {
        ch = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (NoSuchFileException | AccessDeniedException e) {
        return absent; // gone, or not ours to repair (another user's read-only view)
      }
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        return absent;
      }
      HELD.put(key, ch);
    }
    try {
      return work.apply(ch);
    } finally {
      HELD.remove(key);
      ch.close();
    }
  }

  /** Whether the segment file named by {@code at} exists and is long enough to hold the record. */
  static boolean holds(Path dir, BodyIndex.Location at) {
    try {
      return Files.size(dir.resolve(at.segment()))
          >= at.offset() + at.length() + Frame.TRAILER_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  /** Makes a file's creation, rename or deletion in {@code dir} durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
