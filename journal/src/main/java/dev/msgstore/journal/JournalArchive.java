package dev.msgstore.journal;

import dev.msgstore.journal.codec.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Journal cycles kept out of the journal directory: a cycle file (one UTC day of commits) older
 * than the retention window is moved to an archive directory, gzip-compressed ({@code
 * 20261101F.cq4.gz}), instead of staying or being deleted, so that the audit trail is never lost.
 * An archive is read as a journal ({@link #open}): its cycles are decompressed into a scratch
 * directory and opened read-only there, with the indices they had. {@link #replay} goes through the
 * archive and then the live journal: the entry point for a restore that must reach further back
 * than the journal directory does ({@link #inOrder}).
 *
 * <p>Only whole days strictly before the cycle being written are archived, and never the cycle
 * holding the commit a projection base covers ({@code keepFrom}): the projections open from that
 * base and the live journal, never from an archived cycle.
 */
public final class JournalArchive {
  private static final Pattern CYCLE = Pattern.compile("(\\d{8})F?\\.cq4");
  private static final Pattern ARCHIVED = Pattern.compile("(\\d{8})F?\\.cq4\\.gz");

  /** One cycle moved: its file name, where it went, and its sizes before and after. */
  public record Archived(String cycle, Path archivedAs, long bytes, long compressedBytes) {}

  /** Where archived cycles go when no option says: this directory of the store. */
  public static final String DEFAULT_DIRECTORY = "journal-archive";

  private JournalArchive() {}

  /** The day a cycle file (or an archived one) holds, or null when the name is not a cycle's. */
  public static LocalDate dayOf(String fileName) {
    Matcher m = CYCLE.matcher(fileName);
    if (!m.matches()) {
      m = ARCHIVED.matcher(fileName);
      if (!m.matches()) {
        return null;
      }
    }
    return LocalDate.parse(m.group(1), DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** The cycle files of {@code dir} (a journal's or an archive's), oldest first. */
  public static List<Path> cycles(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (dayOf(f.getFileName().toString()) != null) {
          out.add(f);
        }
      }
    }
    out.sort(null); // named by their day: name order is time order
    return out;
  }

  /**
   * The cycle files of {@code journalDir} that {@link #archive} would move: every one whose day
   * ended at least {@code days} days before {@code now}, except the newest (the one being written)
   * and any from {@code keepFrom} (a cycle file name) on.
   */
  public static List<Path> due(Path journalDir, int days, Instant now, String keepFrom)
      throws IOException {
    List<Path> all = cycles(journalDir);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < all.size() - 1; i++) {
      Path f = all.get(i);
      String name = f.getFileName().toString();
      if (keepFrom != null && name.compareTo(keepFrom) >= 0) {
        break;
      }
      Instant dayEnd = dayOf(name).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      if (!dayEnd.plus(java.time.Duration.ofDays(days)).isAfter(now)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Moves {@code cycles} (from {@link #due}) into {@code archiveDir}, each compressed to a
   * temporary file, synced, renamed into place, and only then deleted from the journal.
   */
  public static List<Archived> archive(List<Path> cycles, Path archiveDir) throws IOException {
    FileModes.createDirectories(archiveDir);
    List<Archived> done = new ArrayList<>();
    for (Path f : cycles) {
      String name = f.getFileName().toString();
      Path target = archiveDir.resolve(name + ".gz");
      Path tmp = archiveDir.resolve(name + ".gz.tmp");
      try (InputStream in = Files.newInputStream(f);
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        in.transferTo(out);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      FileModes.conformFile(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Journal.syncDirectory(archiveDir);
      long bytes = Files.size(f);
      Files.delete(f);
      Journal.syncDirectory(f.getParent());
      done.add(new Archived(name, target, bytes, Files.size(target)));
    }
    return done;
  }

  /** An archive opened as a journal; closing it deletes the decompressed copy. */
  public static final class Opened implements AutoCloseable {
    private final Path scratch;
    private final Journal journal;

    private Opened(Path scratch, Journal journal) {
      this.scratch = scratch;
      this.journal = journal;
    }

    /** The archived commits, read as any journal is (cursor, replay, with their indices). */
    public Journal journal() {
      return journal;
    }

    @Override
    public void close() {
      try {
        journal.close();
      } finally {
        try {
          FileTrees.delete(scratch);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + scratch, e);
        }
      }
    }
  }

  /**
   * Opens the archived cycles in {@code archiveDir} as one journal. Throws {@link
   * java.nio.file.NoSuchFileException} when it is not a directory holding archived cycles.
   */
  public static Opened open(Path archiveDir) throws IOException {
    return open(List.of(archiveDir));
  }

  /**
   * Opens the archived cycles of every directory of {@code archiveDirs} as one journal: each run of
   * journalarchive may have moved its cycles to a directory of its own ({@code --dir}), and the
   * history before the journal's first commit is all of them. A day found in two of them is read
   * from the first. Throws {@link java.nio.file.NoSuchFileException} when none holds an archived
   * cycle.
   */
  public static Opened open(List<Path> archiveDirs) throws IOException {
    Map<String, Path> archived = new TreeMap<>(); // by cycle name: a day once
    for (Path dir : archiveDirs) {
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4.gz")) {
          files.forEach(f -> archived.putIfAbsent(cycleName(f), f));
        }
      }
    }
    if (archived.isEmpty()) {
      throw new java.nio.file.NoSuchFileException(
          String.join(", ", archiveDirs.stream().map(Path::toString).toList()),
          null,
          "no archived journal cycles (*.cq4.gz) there");
    }
    Path scratch = Files.createTempDirectory("msgstore-journal-archive-");
    try {
      for (Map.Entry<String, Path> gz : archived.entrySet()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz.getValue()), 1 << 16)) {
          Files.copy(in, scratch.resolve(gz.getKey()));
        }
      }
      return new Opened(scratch, Journal.open(scratch));
    } catch (IOException | RuntimeException e) {
      FileTrees.delete(scratch);
      throw e;
    }
  }

  /** {@code 20261101F.cq4} for {@code 20261101F.cq4.gz}. */
  private static String cycleName(Path gz) {
    String name = gz.getFileName().toString();
    return name.substring(0, name.length() - ".gz".length());
  }

  /**
   * Feeds {@code sink}, in order, every commit of {@code journals} (an archive of old cycles, then
   * the live journal), each once: a journal is read after the last index the one before gave, or
   * from its start when that index is older than its first (both may hold a cycle); commits hold
   * only the events {@code decode} accepts ({@link JournalCursor#next(Predicate)}). Stops when
   * {@code sink} returns false. The one place that reads history across the archive and the
   * journal: what a restore to an instant before the journal directory's first commit replays.
   */
  public static void inOrder(
      List<Journal> journals, Predicate<EventType<?>> decode, Predicate<Commit> sink) {
    long last = Journal.NO_INDEX;
    for (Journal journal : journals) {
      long first = journal.firstIndex();
      if (first == Journal.NO_INDEX) {
        continue; // an empty journal
      }
      try (JournalCursor c = journal.cursor()) {
        c.seekAfter(last < first ? Journal.NO_INDEX : last);
        for (Commit commit = c.next(decode); commit != null; commit = c.next(decode)) {
          if (commit.index() <= last) {
            continue; // both the archive and the journal hold this cycle
          }
          if (!sink.test(commit)) {
            return;
          }
          last = commit.index();
        }
      }
    }
  }
}
