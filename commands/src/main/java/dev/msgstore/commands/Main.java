package dev.msgstore.commands;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbSource;
import java.util.List;
import java.util.ServiceLoader;
import picocli.AutoComplete;
import picocli.CommandLine;

/** The launcher's entry point: the only place that calls {@code System.exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(CliContext.system(List.of(args)), args));
  }

  /** Runs one command line in this JVM and returns its exit code (tests and the REPL use this). */
  public static int run(CliContext ctx, String... args) {
    int code = (args.length > 0 ? commandLine(ctx, args[0]) : commandLine(ctx)).execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  /** The launcher with every verb: ours, and those of the modules above ({@link VerbSource}). */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new MsgstoreCommand(ctx));
    MsgstoreCommand.VERBS.forEach(cl::addSubcommand);
    for (VerbSource more : ServiceLoader.load(VerbSource.class, Main.class.getClassLoader())) {
      more.addTo(cl);
    }
    return configured(cl, ctx);
  }

  /**
   * The launcher with only {@code verb}, when it is one of this module's, for a run of that verb;
   * otherwise the whole launcher (which says what is wrong with an unknown verb).
   */
  public static CommandLine commandLine(CliContext ctx, String verb) {
    for (Class<?> c : MsgstoreCommand.VERBS) {
      // generate-completion describes the whole launcher, so it needs all of it
      if (c.getAnnotation(CommandLine.Command.class).name().equals(verb)
          && c != AutoComplete.GenerateCompletion.class) {
        CommandLine cl = new CommandLine(new MsgstoreCommand(ctx));
        cl.addSubcommand(c);
        return configured(cl, ctx);
      }
    }
    return commandLine(ctx);
  }

  private static CommandLine configured(CommandLine cl, CliContext ctx) {
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          ctx.err().println(failure(cmd, ex));
          if (ctx.env().containsKey("MSGSTORE_DEBUG")) {
            ex.printStackTrace(ctx.err());
          }
          ctx.err().flush();
          return ExitCodes.of(ex);
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ctx.err().println(failure(ex));
          ctx.err().flush();
          return ExitCodes.USAGE;
        });
    return cl;
  }

  /** What a verb that failed prints: {@code verb: what went wrong}, on one line. */
  public static String failure(CommandLine cmd, Throwable ex) {
    return cmd.getCommandName() + ": " + oneLine(ex);
  }

  /** What a verb given bad arguments prints: what was wrong, then its usage line. */
  public static String failure(CommandLine.ParameterException ex) {
    CommandLine cmd = ex.getCommandLine();
    return cmd.getCommandName()
        + ": "
        + ex.getMessage()
        + System.lineSeparator()
        + "Usage: "
        + cmd.getHelp().synopsis(0).strip();
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }
}
