package dev.msgstore.scripting;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs one launcher command line in this JVM, scripting verbs included, and keeps its output. */
public record Launcher(int exit, String out, String err) {
  public static Launcher run(String... args) {
    return runWithInput("", args);
  }

  public static Launcher runWithInput(String stdin, String... args) {
    return runAs("tester", stdin, args);
  }

  /** As {@code actor} (the journal's), with {@code stdin} as standard input. */
  public static Launcher runAs(String actor, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out),
            new PrintWriter(err),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            System.getenv("MSGSTORE_DEBUG") == null ? Map.of() : Map.of("MSGSTORE_DEBUG", "1"),
            actor,
            "msgstore " + String.join(" ", args),
            null);
    int code = Main.run(ctx, args);
    return new Launcher(code, out.toString(), err.toString());
  }
}
