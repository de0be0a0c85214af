package dev.msgstore.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting directory trees: rebuilt caches, scratch stores, swapped-out copies. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
  public static void delete(Path dir) throws IOException {
    deleteUnder(dir, true);
  }

  /** Deletes everything under {@code dir}, keeping {@code dir} itself. */
  public static void deleteContents(Path dir) throws IOException {
    deleteUnder(dir, false);
  }

  private static void deleteUnder(Path dir, boolean itself) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (itself || !p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
