package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.commands.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one command line in this JVM against the store at a root, as the launcher would with {@code
 * TZ=UTC}: {@code --store ROOT} goes right after the verb (after {@code --dry-run VERB} when the
 * line starts with the global dry-run option).
 */
public record StoreRun(int exit, String out, String err) {
  public static StoreRun run(Path root, String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    int at = all.get(0).equals("--dry-run") ? 2 : 1;
    all.addAll(at, List.of("--store", root.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out),
            new PrintWriter(err),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            Map.of("TZ", "UTC"),
            "tester",
            "msgstore " + String.join(" ", all),
            null,
            false);
    int code = Main.run(ctx, all.toArray(String[]::new));
    return new StoreRun(code, out.toString(), err.toString());
  }

  /** The same, which must exit 0. */
  public static StoreRun ok(Path root, String stdin, String... args) {
    StoreRun r = run(root, stdin, args);
    assertEquals(0, r.exit(), () -> List.of(args) + ": " + r.err());
    return r;
  }
}
