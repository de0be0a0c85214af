package dev.msgstore.scripting.repl;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.scripting.ScriptHost.HostSettings;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The launcher in this JVM, against one store: the shell with its input as text, and verbs. */
record Launcher(Path root) {
  static final String ACTOR = "tester";

  /** What a command printed, and its exit code. */
  record Result(int code, String out, String err) {
    /** The values the shell printed as {@code ===> value}, in order. */
    List<String> results() {
      return out.lines()
          .filter(l -> l.startsWith(Repl.RESULT))
          .map(l -> l.substring(Repl.RESULT.length()))
          .toList();
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  /** Creates the store (a host opens it) with these mailboxes, a user's INBOX first. */
  Launcher withMailboxes(String... names) {
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    try (ScriptHost host =
        new ScriptHost(new HostSettings(root, quiet, quiet, Map.of(), ACTOR, "test setup", null))) {
      for (String name : names) {
        host.verb("mboxutil").call("-c", name);
      }
    }
    return this;
  }

  /** {@code msgstore shell}, its standard input these lines: not a terminal. */
  Result shell(String... lines) {
    return run(String.join("\n", lines) + "\n", "shell");
  }

  /** {@code msgstore <verb> --store root args...}. */
  Result verb(String verb, String... args) {
    return run("", verb, args);
  }

  private Result run(String input, String verb, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> argv = new ArrayList<>(List.of(verb, "--store", root.toString()));
    argv.addAll(List.of(args));
    CliContext ctx =
        new CliContext(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            Map.of(),
            ACTOR,
            "msgstore " + String.join(" ", argv),
            null);
    int code = Main.run(ctx, argv.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }
}
