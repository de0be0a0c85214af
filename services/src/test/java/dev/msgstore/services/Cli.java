package dev.msgstore.services;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Runs one command line in this JVM, as the launcher would, and keeps what it printed. */
record Cli(int exit, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out), new PrintWriter(err), Map.of(), "tester", List.of(args));
    int code = Main.run(ctx, args);
    return new Cli(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exit + "\nout: " + out + "\nerr: " + err;
  }
}
