package dev.msgstore.commands.deliver;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code msgstore deliver …} in this JVM with the given standard input, and keeps the output.
 */
record Run(int exit, String out, String err) {
  static Run deliver(byte[] stdin, String... args) {
    return deliver(new ByteArrayInputStream(stdin), args);
  }

  static Run deliver(InputStream stdin, String... args) {
    List<String> all = new ArrayList<>();
    all.add("deliver");
    all.addAll(List.of(args));
    String[] argv = all.toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out),
            new PrintWriter(err),
            stdin,
            Map.of(),
            "tester",
            "msgstore " + String.join(" ", all),
            null);
    int code = Main.commandLine(ctx).execute(argv);
    ctx.out().flush();
    ctx.err().flush();
    return new Run(code, out.toString(), err.toString());
  }
}
