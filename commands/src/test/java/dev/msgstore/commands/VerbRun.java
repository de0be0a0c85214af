package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs one command line in this JVM as a script host does: picocli parses it into a fresh verb, the
 * verb runs with its output captured, and then its {@link ResultVerb#result()} is read from the
 * same instance.
 */
public record VerbRun(int exit, String out, String err, Object result) {
  /** With {@code TZ=UTC} and no standard input. */
  public static VerbRun run(String... args) {
    return run(InputStream.nullInputStream(), verb -> {}, args);
  }

  /**
   * {@code before} gets the verb's instance before it runs (to set what a test fixes, such as a
   * clock).
   */
  public static VerbRun run(InputStream stdin, Consumer<Object> before, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out),
            new PrintWriter(err),
            stdin,
            Map.of("TZ", "UTC"),
            "tester",
            "msgstore " + String.join(" ", args),
            null);
    CommandLine cl = Main.commandLine(ctx);
    CommandLine verb = cl.getSubcommands().get(verbName(cl, args));
    before.accept(verb.getCommand());
    int code = cl.execute(args);
    ctx.out().flush();
    ctx.err().flush();
    Object result = assertInstanceOf(ResultVerb.class, verb.getCommand()).result();
    return new VerbRun(code, out.toString(), err.toString(), result);
  }

  /** {@code verb --store root args...}, which must succeed. */
  public static VerbRun ok(String verb, Path root, String... args) {
    List<String> all = new ArrayList<>(List.of(verb, "--store", root.toString()));
    all.addAll(List.of(args));
    VerbRun r = run(all.toArray(String[]::new));
    assertEquals(0, r.exit(), () -> all + ": " + r.err());
    return r;
  }

  /** Asks the store at {@code root}, as it is now. */
  public static <T> T read(Path root, Function<ProjectionReader, T> question) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return question.apply(r);
    }
  }

  private static String verbName(CommandLine cl, String... args) {
    for (String a : args) {
      if (cl.getSubcommands().containsKey(a)) {
        return a;
      }
    }
    throw new IllegalArgumentException("no verb in " + List.of(args));
  }

  /** The result, which must be a {@code type}. */
  public <T> T result(Class<T> type) {
    return assertInstanceOf(type, result, () -> "result of a run that printed:\n" + out + err);
  }

  /** The result, which must be a list of {@code element}s. */
  public <T> List<T> list(Class<T> element) {
    List<?> all = result(List.class);
    List<T> out = new ArrayList<>();
    for (Object o : all) {
      out.add(assertInstanceOf(element, o));
    }
    return out;
  }
}
