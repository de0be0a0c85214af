package dev.msgstore.commands;

import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a store holds, to show that a dry run changed nothing: the journal's commit count, what
 * {@code msgstore journal} prints, every entry of the projections, and the SHA-256 of the store's
 * files and of the other files given ("absent" for a missing one). Files that merely opening the
 * store rewrites are left out: LMDB's {@code data.mdb} and {@code lock.mdb} (the projections are
 * compared entry by entry instead; the body index is derived from the segments, which are hashed)
 * and Chronicle's {@code journal/metadata.cq4t} (the commits are in the hashed {@code .cq4} files).
 */
public record StoreSnapshot(
    long commits, String journal, String projections, Map<String, String> files) {
  private static final Set<String> REWRITTEN_BY_AN_OPEN =
      Set.of("data.mdb", "lock.mdb", "metadata.cq4t");

  public static StoreSnapshot of(Path root, Path... others) {
    long commits;
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      commits = j.stats().commits();
    }
    String journal = VerbRun.run("journal", "--store", root.toString()).out();
    StringBuilder projections = new StringBuilder();
    Map<String, String> files = new TreeMap<>();
    try (Store s = Store.open(root)) {
      s.projections().dump(projections);
      try (Stream<Path> all = Files.walk(root)) {
        all.filter(Files::isRegularFile)
            .filter(f -> !REWRITTEN_BY_AN_OPEN.contains(f.getFileName().toString()))
            .forEach(f -> files.put(root.relativize(f).toString(), sha(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path f : others) {
      files.put(f.toString(), Files.exists(f) ? sha(f) : "absent");
    }
    return new StoreSnapshot(commits, journal, projections.toString(), files);
  }

  private static String sha(Path f) {
    try {
      return Digest.sha256(Files.readAllBytes(f)).hex();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
