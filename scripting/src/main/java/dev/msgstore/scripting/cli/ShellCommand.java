package dev.msgstore.scripting.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.scripting.repl.Repl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code msgstore shell}: the Groovy REPL, with the verbs and {@code store} as in {@code msgstore
 * run}. At a terminal it edits lines, completes, and keeps a history; fed by a pipe or a file, it
 * runs what it reads and prints each result.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
      "Open the Groovy shell: verbs (mboxutil '-l' or mboxutil.list(pattern: ...)), store,",
      "/help for its commands. Reads statements from standard input when it is no terminal,",
      "and then exits with the code of the last entry that failed (0 if none).",
      "History: $MSGSTORE_SHELL_HISTORY, else ~/.msgstore/shell_history."
    })
public final class ShellCommand implements Callable<Integer> {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;

  @Override
  public Integer call() throws Exception {
    CliContext ctx = root.context();
    try (ScriptHost host = Hosts.open(ctx, store.resolve(ctx), ctx.actor(), "msgstore shell")) {
      return Repl.start(host, ctx);
    } finally {
      Hosts.finish(ctx);
    }
  }
}
