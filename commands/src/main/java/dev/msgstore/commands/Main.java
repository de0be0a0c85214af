package dev.msgstore.commands;

import dev.msgstore.commands.cli.Candidates;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.DiskFull;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.Json;
import dev.msgstore.commands.cli.JsonLines;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.VerbNames;
import dev.msgstore.commands.cli.VerbSource;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The launcher's entry point; with the deliver fast path's, the daemon's and the watcher's mains,
 * the only code that ends the JVM.
 */
public final class Main {
  /** When this class was initialised: in a launched JVM, when main began (bench timings). */
  public static final long STARTED_NANOS = System.nanoTime();

  /** The verb that describes the whole launcher, so is never built alone. */
  private static final String GENERATE_COMPLETION =
      AutoComplete.GenerateCompletion.class.getAnnotation(CommandLine.Command.class).name();

  private Main() {}

  public static void main(String[] args) {
    int code = run(CliContext.system(List.of(args)), args);
    // A JVM whose main returns exits with 0, its shutdown hooks run, once no other thread keeps it
    // alive. It then skips what System.exit does first since JDK 21: asking the System.Logger
    // "java.lang.Runtime" whether to log the exit, whose first use looks for a logging back end in
    // every jar of the class path (about 25 ms of a brief verb's wall and CPU, after its output).
    if (code == ExitCodes.OK && noOtherThreadKeepsTheJvm()) {
      return;
    }
    System.exit(code);
  }

  /** Whether every live thread but this one is a daemon: the JVM ends when main returns. */
  private static boolean noOtherThreadKeepsTheJvm() {
    Thread self = Thread.currentThread();
    ThreadGroup root = self.getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    if (n == threads.length) {
      return false; // more than were counted: System.exit, as always
    }
    for (int i = 0; i < n; i++) {
      if (threads[i] != self && !threads[i].isDaemon()) {
        return false;
      }
    }
    return true;
  }

  /** Runs one command line in this JVM and returns its exit code (tests and the REPL use this). */
  public static int run(CliContext ctx, String... args) {
    int code = forArguments(ctx, args).execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  /**
   * The launcher with as much of its model as {@code args} need: picocli builds a verb's model by
   * reflection, which is most of what a short command costs. A run of a verb gets that verb (the
   * first argument that is no option: the launcher's own options take no value); {@code --version}
   * gets the launcher alone; anything else (its help, a word that is no verb) every verb.
   */
  static CommandLine forArguments(CliContext ctx, String... args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return commandLine(ctx, arg);
      }
    }
    if (args.length > 0 && Arrays.stream(args).allMatch(VERSION_OPTIONS::contains)) {
      return configured(new CommandLine(new MsgstoreCommand(ctx), factory(ctx)), ctx);
    }
    return commandLine(ctx);
  }

  private static final Set<String> VERSION_OPTIONS = Set.of("--version", "-V");

  /** The launcher with every verb: ours, and those of the modules above ({@link VerbSource}). */
  public static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new MsgstoreCommand(ctx), factory(ctx));
    MsgstoreCommand.VERBS.forEach(cl::addSubcommand);
    cl.addSubcommand(new CommandLine.HelpCommand()); // msgstore help VERB, like VERB --help
    for (VerbSource more : ServiceLoader.load(VerbSource.class, Main.class.getClassLoader())) {
      more.addTo(cl);
    }
    return configured(cl, ctx);
  }

  /**
   * The launcher with only {@code verb}, when it is one of this module's or of a module above
   * ({@link VerbSource#addVerb}), for a run of that verb; otherwise the whole launcher (which says
   * what is wrong with an unknown verb).
   */
  public static CommandLine commandLine(CliContext ctx, String verb) {
    // generate-completion describes the whole launcher, so it needs all of it
    if (!verb.equals(GENERATE_COMPLETION)) {
      CommandLine cl = new CommandLine(new MsgstoreCommand(ctx), factory(ctx));
      if (VerbSource.addNamed(cl, MsgstoreCommand.VERBS, verb)) {
        return configured(cl, ctx);
      }
      for (VerbSource more : ServiceLoader.load(VerbSource.class, Main.class.getClassLoader())) {
        if (more.addVerb(cl, verb)) {
          return configured(cl, ctx);
        }
      }
    }
    return commandLine(ctx);
  }

  /** picocli's factory, but partitions complete from the context's store. */
  private static CommandLine.IFactory factory(CliContext ctx) {
    CommandLine.IFactory standard = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == Candidates.PartitionNames.class) {
          return type.cast(new Candidates.PartitionNames(ctx.storeRoot(null)));
        }
        return standard.create(type);
      }
    };
  }

  private static CommandLine configured(CommandLine cl, CliContext ctx) {
    // a verb's --version (from mixinStandardHelpOptions) would print nothing of its own
    for (CommandLine verb : cl.getSubcommands().values()) {
      if (verb.getCommandSpec().version().length == 0) {
        verb.getCommandSpec().version(cl.getCommandSpec().version());
      }
    }
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setExecutionStrategy(
        parsed -> {
          ParseResult verb = parsed.subcommand();
          if (verb != null) {
            refuseDryRunOfAReadOnlyVerb(parsed, verb);
          }
          int code;
          try {
            code = new CommandLine.RunLast().execute(parsed);
          } catch (InternalError e) {
            // picocli passes Errors by its handler; a mapped journal write faulting on a full
            // disk is one, and must still be one line and 75, not a trace and 1
            if (!DiskFull.is(e)) {
              throw e;
            }
            CommandLine at = verb != null ? verb.commandSpec().commandLine() : cl;
            ctx.err().println(failure(at, e));
            ctx.err().flush();
            return ExitCodes.TEMPORARY;
          }
          if (code == ExitCodes.OK
              && verb != null
              && printsResultAsJson(verb)
              && !verb.isUsageHelpRequested()
              && !verb.isVersionHelpRequested()) {
            Json.lines(((ResultVerb) verb.commandSpec().userObject()).result(), ctx.out());
          }
          return code;
        });
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

  /**
   * Whether the launcher prints {@code verb}'s result as JSON lines: it was given {@code --format
   * json} and does not write its own ({@link JsonLines}).
   */
  public static boolean printsResultAsJson(ParseResult verb) {
    Object command = verb.commandSpec().userObject();
    return command instanceof ResultVerb
        && !(command instanceof JsonLines)
        && verb.matchedOptionValue(FormatOption.NAME, FormatOption.Format.text)
            == FormatOption.Format.json;
  }

  /** {@code msgstore --dry-run VERB} for a verb that writes nothing is a usage error. */
  private static void refuseDryRunOfAReadOnlyVerb(ParseResult launcher, ParseResult verb) {
    if (launcher.hasMatchedOption(DryRunOption.NAME)
        && verb.commandSpec().findOption(DryRunOption.NAME) == null) {
      String name = verb.commandSpec().name();
      throw new CommandLine.ParameterException(
          verb.commandSpec().commandLine(),
          DryRunOption.NAME + " is not offered: " + name + " writes nothing");
    }
  }

  /** What a verb that failed prints: {@code verb: what went wrong}, on one line. */
  public static String failure(CommandLine cmd, Throwable ex) {
    return cmd.getCommandName() + ": " + oneLine(ex);
  }

  /**
   * What a verb given bad arguments prints, on one line as its own errors are: {@code verb: what
   * was wrong; try 'msgstore verb --help'}; for a word that is no verb, the verbs it may have
   * meant.
   */
  public static String failure(CommandLine.ParameterException ex) {
    CommandLine cmd = ex.getCommandLine();
    CommandSpec spec = cmd.getCommandSpec();
    if (ex instanceof CommandLine.UnmatchedArgumentException u
        && spec.parent() == null
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      return cmd.getCommandName()
          + ": "
          + VerbNames.unknown(u.getUnmatched().get(0), cmd.getSubcommands().keySet());
    }
    return cmd.getCommandName()
        + ": "
        + oneLine(ex)
        + "; try '"
        + spec.qualifiedName()
        + " "
        + helpOption(spec)
        + "'";
  }

  /** The verb's own help option: {@code --help}, or what it has instead (configutil's -h). */
  private static String helpOption(CommandSpec spec) {
    return spec.options().stream()
        .filter(OptionSpec::usageHelp)
        .map(OptionSpec::longestName)
        .findFirst()
        .orElse("--help");
  }

  private static String oneLine(Throwable t) {
    if (DiskFull.is(t)) {
      return DiskFull.line(t);
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }
}
