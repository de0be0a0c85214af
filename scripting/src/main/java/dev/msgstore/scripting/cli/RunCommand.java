package dev.msgstore.scripting.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.scripting.ScriptExit;
import dev.msgstore.scripting.ScriptFailure;
import dev.msgstore.scripting.ScriptHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code msgstore run script.groovy [args]}: compiles an administration script (nothing of it runs
 * if it does not compile), then runs it with the verbs and {@code store}. The journal names the
 * script as the actor of every commit it makes, and its line in the origin.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Groovy administration script: verbs (mboxutil '-l' or mboxutil.list(pattern: ...)),",
      "store (typed queries), args. With --dry-run, changes are reported and not written."
    })
public final class RunCommand implements Callable<Integer> {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;

  @Parameters(index = "0", paramLabel = "script.groovy", description = "The script to run.")
  Path script;

  @Parameters(index = "1..*", paramLabel = "arg", description = "The script's arguments (args).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CliContext ctx = root.context();
    if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read the script " + script);
    }
    String name = script.getFileName().toString();
    String origin = "msgstore run " + name + " (by " + ctx.actor() + ")";
    try (ScriptHost host = Hosts.open(ctx, store.resolve(ctx), name, origin)) {
      try {
        host.run(script, args);
        return ExitCodes.OK;
      } catch (ScriptExit exit) {
        return exit.code();
      } catch (Exception | LinkageError | StackOverflowError e) {
        ScriptFailure f = ScriptFailure.of(e, name);
        ctx.err().println(f.message());
        if (ctx.env().containsKey("MSGSTORE_DEBUG")) {
          e.printStackTrace(ctx.err());
        }
        return f.exitCode();
      } finally {
        Hosts.finish(ctx);
      }
    }
  }
}
