package dev.msgstore.commands;

import dev.msgstore.commands.bench.BenchCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.configutil.ConfigutilCommand;
import dev.msgstore.commands.deliver.DeliverCommand;
import dev.msgstore.commands.demo.DemoCommand;
import dev.msgstore.commands.hashdir.HashdirCommand;
import dev.msgstore.commands.journal.JournalCommand;
import dev.msgstore.commands.mboxutil.MboxutilCommand;
import dev.msgstore.commands.readership.ReadershipCommand;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code msgstore} launcher: one subcommand per verb. {@link Main} adds them, all of them for
 * the launcher's help, only the one called for a run of a verb: building a verb's model costs about
 * half a millisecond, and a script calls verbs thousands of times.
 */
@Command(
    name = "msgstore",
    mixinStandardHelpOptions = true,
    version = "msgstore 0.1.0",
    description = "An event-sourced mail message store and its administration utilities.")
public final class MsgstoreCommand implements Runnable {
  /** The verbs of this module, in the order the launcher's help lists them. */
  static final List<Class<?>> VERBS =
      List.of(
          DemoCommand.class,
          JournalCommand.class,
          BenchCommand.class,
          // utilities of the reference, one line each:
          dev.msgstore.commands.imcheck.ImcheckCommand.class,
          ConfigutilCommand.class,
          DeliverCommand.class,
          MboxutilCommand.class,
          HashdirCommand.class,
          ReadershipCommand.class,
          dev.msgstore.commands.reconstruct.ReconstructCommand.class,
          AutoComplete.GenerateCompletion.class);

  private final CliContext context;
  private CliContext dryRunContext;

  @Spec CommandSpec spec;

  @Option(
      names = "--dry-run",
      scope = ScopeType.INHERIT,
      description = "Decide every change and report it on stderr, but write nothing.")
  boolean dryRun;

  /** For tools that build the command model reflectively (the man page generator). */
  public MsgstoreCommand() {
    this(CliContext.system(List.of()));
  }

  public MsgstoreCommand(CliContext context) {
    this.context = context;
  }

  /** The context every verb runs in: a dry run's when {@code --dry-run} was given. */
  public CliContext context() {
    if (!dryRun) {
      return context;
    }
    if (dryRunContext == null) {
      dryRunContext = context.asDryRun(); // one dry run for the whole command
    }
    return dryRunContext;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a verb is required");
  }
}
