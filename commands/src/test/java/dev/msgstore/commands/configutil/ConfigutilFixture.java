package dev.msgstore.commands.configutil;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Runs {@code configutil} in this JVM as the launcher would, against a store of the test's. */
final class ConfigutilFixture {
  record Run(int exit, String out, String err) {}

  private ConfigutilFixture() {}

  static Run run(Path root, String... args) {
    List<String> all = new ArrayList<>(List.of("configutil", "--store", root.toString()));
    all.addAll(List.of(args));
    return raw(all.toArray(String[]::new));
  }

  static Run raw(String... argv) {
    return withInput(InputStream.nullInputStream(), argv);
  }

  /** {@code configutil} on the store at {@code root}, its standard input {@code in}. */
  static Run withInput(Path root, String in, String... args) {
    List<String> all = new ArrayList<>(List.of("configutil", "--store", root.toString()));
    all.addAll(List.of(args));
    return withInput(
        new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), all.toArray(String[]::new));
  }

  private static Run withInput(InputStream in, String... argv) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out),
            new PrintWriter(err),
            in,
            Map.of(),
            "tester",
            "msgstore " + String.join(" ", argv),
            null);
    int code = Main.run(ctx, argv);
    return new Run(code, out.toString(), err.toString());
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            ConfigutilFixture.class.getResourceAsStream("/configutil/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
