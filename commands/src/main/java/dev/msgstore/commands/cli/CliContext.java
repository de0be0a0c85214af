package dev.msgstore.commands.cli;

import dev.msgstore.journal.Author;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a verb may know about how it was invoked: where output goes, the environment (for
 * MSGSTORE_HOME), and who is asking. Immutable and passed in, never global, so that a REPL can run
 * many verbs in one JVM.
 */
public record CliContext(
    PrintWriter out, PrintWriter err, Map<String, String> env, String actor, List<String> args) {

  public CliContext {
    env = Map.copyOf(env);
    args = List.copyOf(args);
  }

  public static CliContext system(List<String> args) {
    return new CliContext(
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true),
        System.getenv(),
        Author.osUser(),
        args);
  }

  /** The store root: {@code --store}, else {@code MSGSTORE_HOME}, else {@code ./data}. */
  public Path storeRoot(Path option) {
    if (option != null) {
      return option;
    }
    String home = env.get("MSGSTORE_HOME");
    return Path.of(home != null && !home.isBlank() ? home : "data");
  }

  /** The journal's record of who ran what: the OS user and the command line. */
  public Author author() {
    return Author.of(actor, "msgstore " + String.join(" ", args));
  }
}
