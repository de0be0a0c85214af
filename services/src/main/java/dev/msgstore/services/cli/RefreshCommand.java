package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.services.daemon.RunDir;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.RequestRefresh;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code refresh} (reference Table 71-34): writes a refresh request to the journal; the running
 * daemon's store component reads it there, applies to the components named the options the catalog
 * marks refreshable, and tells what it did; an option changed since a component started that only a
 * restart takes up is reported as needing one. With no daemon running nothing is written: a daemon
 * reads the configuration as it is when it starts.
 */
@Command(
    name = "refresh",
    footer = "%nReference: Table 71-34, refresh Command Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Apply changed configuration options to the running daemon's components (store, http).",
      "Options configutil -m lists as REFRESHABLE take effect now; a change of any other option"
          + " is reported as needing a restart of its component."
    })
public final class RefreshCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Parameters(
      paramLabel = "component",
      arity = "0..*",
      description = "store, http (default: every component running).")
  List<String> components = new ArrayList<>();

  private List<Refreshed> result;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    List<String> names = StartMsgCommand.resolve(components);
    Path store = storeOption.resolve(ctx);
    ctx.requireStore(store, CliContext.StoreUse.WRITES);
    RunDir run = new RunDir(store);
    PrintWriter out = ctx.out();
    result = new ArrayList<>();
    if (DaemonProcess.running(run).isEmpty()) {
      if (!format.json()) {
        out.println(
            "no daemon runs on the store in "
                + run.root()
                + "; nothing to refresh (a daemon reads the configuration when it starts)");
      }
      result = List.of();
      return ExitCodes.OK;
    }
    Outcome request;
    try (Store s = ctx.openStore(store, CliContext.StoreUse.WRITES)) {
      request = s.execute(ctx.author(), new RequestRefresh(names));
    }
    if (request.dryRun()) {
      result = List.of();
      return ExitCodes.OK;
    }
    int code = ExitCodes.OK;
    for (String line : DaemonProcess.ask(run, "refreshed " + request.index())) {
      String[] f = line.split("\t", -1);
      String kind = f[0];
      Refreshed r =
          switch (kind) {
            case "applied", "restart" -> new Refreshed(f[1], kind, f[2], f[3], f[4]);
            case "failed" -> new Refreshed(f[1], kind, "", "", f[2]);
            case "later" -> new Refreshed("", kind, "", "", "");
            default -> new Refreshed(f[1], kind, "", "", "");
          };
      if (kind.equals("failed")) {
        code = ExitCodes.SOFTWARE;
      }
      result.add(r);
      if (!format.json()) {
        out.println(r.line());
      }
    }
    result = List.copyOf(result);
    return code;
  }

  /** What each component did, in start order; empty when no daemon runs. */
  @Override
  public List<Refreshed> result() {
    return result;
  }
}
