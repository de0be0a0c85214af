package dev.msgstore.commands;

import dev.msgstore.commands.bench.BenchCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.DryRunOption;
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
import picocli.CommandLine.ParseResult;
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
          dev.msgstore.commands.user.UserCommand.class,
          dev.msgstore.commands.domain.DomainCommand.class,
          dev.msgstore.commands.iminitquota.IminitquotaCommand.class,
          dev.msgstore.commands.impurge.ImpurgeCommand.class,
          dev.msgstore.commands.msuserpurge.MsuserpurgeCommand.class,
          dev.msgstore.commands.imquotacheck.ImquotacheckCommand.class,
          dev.msgstore.commands.relinker.RelinkerCommand.class,
          dev.msgstore.commands.imexpire.ImexpireCommand.class,
          dev.msgstore.commands.imsbackup.ImsbackupCommand.class,
          dev.msgstore.commands.imsrestore.ImsrestoreCommand.class,
          dev.msgstore.commands.imsexport.ImsexportCommand.class,
          dev.msgstore.commands.imsimport.ImsimportCommand.class,
          dev.msgstore.commands.mkbackupdir.MkbackupdirCommand.class,
          dev.msgstore.commands.imdbverify.ImdbverifyCommand.class,
          dev.msgstore.commands.restore.RestoreCommand.class,
          dev.msgstore.commands.undelete.UndeleteCommand.class,
          dev.msgstore.commands.imsasm.ImsasmCommand.class,
          dev.msgstore.commands.rehostuser.RehostuserCommand.class,
          dev.msgstore.commands.journalarchive.JournalarchiveCommand.class,
          AutoComplete.GenerateCompletion.class);

  private final CliContext context;
  private CliContext verbContext;

  @Spec CommandSpec spec;

  // Not inherited: a verb that could write has DryRunOption, one that cannot is refused (Main).
  @Option(
      names = DryRunOption.NAME,
      description =
          "For a verb that could write: decide every change and report it on stderr, but write"
              + " nothing.")
  boolean dryRun;

  /** For tools that build the command model reflectively (the man page generator). */
  public MsgstoreCommand() {
    this(CliContext.system(List.of()));
  }

  public MsgstoreCommand(CliContext context) {
    this.context = context;
  }

  /**
   * The context every verb runs in: a dry run's when {@code --dry-run} was given (before the verb
   * or after it); one that keeps the result and prints no text when the launcher prints the result
   * as JSON ({@code --format json}).
   */
  public CliContext context() {
    if (verbContext != null) {
      return verbContext;
    }
    ParseResult line = spec.commandLine().getParseResult();
    ParseResult verb = line == null ? null : line.subcommand();
    if (verb == null) {
      return dryRun ? dryRunContext() : context; // not parsed yet: nothing to remember
    }
    CliContext c = Main.printsResultAsJson(verb) ? context.resultsOnly() : context;
    verbContext = dryRun || verb.hasMatchedOption(DryRunOption.NAME) ? c.asDryRun() : c;
    return verbContext; // one dry run for the whole command
  }

  private CliContext dryRunContext() {
    verbContext = context.asDryRun();
    return verbContext;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a verb is required");
  }
}
