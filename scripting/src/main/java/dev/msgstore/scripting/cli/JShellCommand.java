package dev.msgstore.scripting.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.scripting.ScriptHost;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code msgstore jshell}: JShell, executing in this JVM, with the same API as the Groovy host:
 * {@code store}, and each verb both as a method ({@code mboxutil("-l", "-p", "user/joe/*")}) and as
 * a variable for the typed form ({@code mboxutil.typed("list", Map.of("pattern", "user/*"),
 * List.of())}).
 */
@Command(
    name = "jshell",
    mixinStandardHelpOptions = true,
    description = "Open JShell (local execution) with store and the verbs imported.")
public final class JShellCommand implements Callable<Integer> {
  /** The host the snippets reach: JShell's local execution shares this JVM, not our objects. */
  private static volatile ScriptHost current;

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;

  /** For the startup snippets only. */
  public static ScriptHost host() {
    ScriptHost h = current;
    if (h == null) {
      throw new IllegalStateException("no msgstore jshell is running");
    }
    return h;
  }

  @Override
  public Integer call() throws Exception {
    CliContext ctx = root.context();
    try (ScriptHost host = Hosts.open(ctx, store.resolve(ctx), ctx.actor(), "msgstore jshell")) {
      current = host;
      Path startup = Files.createTempFile("msgstore-jshell", ".jsh");
      try {
        Files.writeString(startup, startup(host), StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        args.add("--execution");
        args.add("local");
        args.add("--class-path");
        args.add(existingClassPath());
        args.add("--startup");
        args.add("DEFAULT");
        args.add("--startup");
        args.add(startup.toString());
        return JavaShellToolBuilder.builder()
            .in(ctx.in(), null)
            .out(print(ctx.out()), print(ctx.out()), print(ctx.out()))
            .err(print(ctx.err()))
            .start(args.toArray(String[]::new));
      } finally {
        current = null;
        Files.deleteIfExists(startup);
      }
    } finally {
      Hosts.finish(ctx);
    }
  }

  /** Imports, {@code store}, and for each verb a variable and a method of its name. */
  static String startup(ScriptHost host) {
    StringBuilder sb = new StringBuilder();
    for (String p :
        List.of(
            "dev.msgstore.scripting",
            "dev.msgstore.scripting.verbs",
            "dev.msgstore.projections.model")) {
      sb.append("import ").append(p).append(".*;\n");
    }
    String h = JShellCommand.class.getName() + ".host()";
    sb.append("var store = ").append(h).append(".store();\n");
    for (String verb : host.verbs().keySet()) {
      sb.append("ScriptVerb ")
          .append(verb)
          .append(" = ")
          .append(h)
          .append(".verb(\"")
          .append(verb)
          .append("\");\n");
      sb.append("Object ")
          .append(verb)
          .append("(String... args) { return ")
          .append(verb)
          .append(".call((Object[]) args); }\n");
    }
    return sb.toString();
  }

  private static PrintStream print(java.io.PrintWriter w) {
    return new PrintStream(
        new OutputStream() {
          @Override
          public void write(int b) {
            w.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            w.write(new String(b, off, len, StandardCharsets.UTF_8));
          }

          @Override
          public void flush() {
            w.flush();
          }
        },
        true,
        StandardCharsets.UTF_8);
  }

  /**
   * This JVM's class path without the entries that do not exist: JShell refuses to start on a
   * missing one, which a test's class path (a module without main classes) can hold.
   */
  private static String existingClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> Files.exists(Path.of(entry)))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
