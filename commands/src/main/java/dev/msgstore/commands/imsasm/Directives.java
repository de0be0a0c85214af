package dev.msgstore.commands.imsasm;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * NetWorker save directives (the {@code .nsr} files mkbackupdir writes, and {@code -f proto}):
 * {@code asm: pattern...} lines, each pattern a file name or a path relative to the directive's
 * directory ({@code Archive/2025}), with shell wildcards. In a proto file {@code << path >>} names
 * the directory the lines after it apply to. A file named by {@code skip}, {@code null} or {@code
 * nullasm} is not saved; one named by any other ASM is saved by this one.
 */
final class Directives {
  record Directive(Path dir, String asm, String pattern, PathMatcher matcher) {
    boolean matches(Path file) {
      if (!file.startsWith(dir)) {
        return false;
      }
      Path rel = dir.relativize(file);
      return !rel.toString().isEmpty() && matcher.matches(rel);
    }

    boolean saves() {
      return !asm.equals("skip") && !asm.equals("null") && !asm.equals("nullasm");
    }
  }

  private final List<Directive> all = new ArrayList<>();

  /** The directives of {@code file} for {@code dir} (a {@code .nsr}), or of a proto file. */
  static List<Directive> read(Path file, Path dir, boolean proto) throws IOException {
    List<Directive> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Path current = dir.toAbsolutePath().normalize();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("<<") && line.endsWith(">>") && line.length() >= 4) {
        if (!proto) {
          throw bad(file, i, "a path directive belongs in a proto file (-f), not a .nsr file");
        }
        String p = line.substring(2, line.length() - 2).strip();
        current = dir.toAbsolutePath().resolve(p).normalize();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw bad(file, i, "not 'asm: pattern...' or '<< path >>'");
      }
      String asm = line.substring(0, colon).strip().replaceFirst("^\\+", "");
      if (!asm.matches("[A-Za-z0-9._-]+")) {
        throw bad(file, i, "not an ASM name: " + asm);
      }
      for (String pattern : line.substring(colon + 1).strip().split("\\s+")) {
        if (pattern.isEmpty()) {
          continue;
        }
        PathMatcher m;
        try {
          m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
          throw bad(file, i, "a bad pattern: " + pattern);
        }
        out.add(new Directive(current, asm, pattern, m));
      }
    }
    return out;
  }

  private static VerbFailure bad(Path file, int index, String why) {
    return new VerbFailure(ExitCodes.DATA, file + ", line " + (index + 1) + ": " + why);
  }

  void add(List<Directive> ds) {
    all.addAll(ds);
  }

  int size() {
    return all.size();
  }

  /** A copy to add a directory's own to, for its walk. */
  Directives copy() {
    Directives d = new Directives();
    d.all.addAll(all);
    return d;
  }

  /**
   * What the directives say of {@code file}: the last (deepest) one that names it, or null when
   * none does.
   */
  Directive of(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Directive found = null;
    for (Directive d : all) {
      if (d.matches(abs)) {
        found = d;
      }
    }
    return found;
  }

  /**
   * Whether any directive in effect for {@code file} names a file (for the rule "unnamed: not
   * saved").
   */
  boolean governs(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return all.stream().anyMatch(d -> abs.startsWith(d.dir()));
  }
}
