package dev.msgstore.scripting.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the shell's history lives across sessions: {@code $MSGSTORE_SHELL_HISTORY} if set, else
 * {@code ~/.msgstore/shell_history}.
 */
record HistoryLocation(Path file) {
  static final String VARIABLE = "MSGSTORE_SHELL_HISTORY";

  static HistoryLocation of(Map<String, String> env, Path home) {
    String set = env.get(VARIABLE);
    return new HistoryLocation(
        set != null && !set.isBlank()
            ? Path.of(set)
            : home.resolve(".msgstore").resolve("shell_history"));
  }

  /** Creates the file's directory if need be. */
  Path prepare() throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    return absolute;
  }
}
