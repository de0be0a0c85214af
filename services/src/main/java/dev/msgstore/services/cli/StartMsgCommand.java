package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.services.daemon.Components;
import dev.msgstore.services.daemon.Control;
import dev.msgstore.services.daemon.Daemon;
import dev.msgstore.services.daemon.RunDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code start-msg} (reference Table 71-37): starts the daemon in the background and waits until
 * the components asked for (none: those the configuration enables) answer ready, or runs it
 * attached with {@code --foreground} (for systemd). A daemon already running is asked to start what
 * it does not run yet.
 */
@Command(
    name = "start-msg",
    footer = "%nReference: Table 71-37, start-msg Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Start the msgstore daemon on a store, or some of its components (store, http, imap).",
      "Without a component, the store and every component its service.*.enable option enables."
          + " The daemon runs in the background (pid in run/daemon.pid, logs in log/) unless"
          + " --foreground is given; start-msg waits until each component answers ready and"
          + " prints where it listens, or prints the component's own error and exits non-zero."
    })
public final class StartMsgCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;
  @Mixin FormatOption format;

  @Option(names = "-m", description = "Replication master: not available (replication is to come).")
  boolean master;

  @Option(
      names = "--foreground",
      description = "Run the daemon in this process, attached, until SIGTERM or Ctrl-C (systemd).")
  boolean foreground;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "How long to wait for the components to be ready (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Parameters(
      paramLabel = "component",
      arity = "0..*",
      description = "store, http, imap; or ha (replication: not available).")
  List<String> components = new ArrayList<>();

  private DaemonRun result;

  /** The daemon's pid and each component's status once ready; empty in the foreground. */
  @Override
  public DaemonRun result() {
    return result;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    CliContext ctx = root.context();
    if (master || components.contains("ha")) {
      throw Replication.notAvailable(master ? "-m" : "ha");
    }
    List<String> names = resolve(components);
    Path store = storeOption.resolve(ctx);
    ctx.requireStore(store, CliContext.StoreUse.WRITES);
    RunDir run = new RunDir(store);
    PrintWriter out = format.json() ? new PrintWriter(java.io.Writer.nullWriter()) : ctx.out();
    if (foreground) {
      out.flush();
      result = new DaemonRun(ProcessHandle.current().pid(), false, false, List.of());
      return Daemon.run(store, names, true, "start-msg: ", out, ctx.err());
    }
    OptionalLong pid = DaemonProcess.running(run);
    if (pid.isPresent()) {
      List<String> lines = DaemonProcess.ask(run, "start " + String.join(" ", names));
      result = new DaemonRun(pid.getAsLong(), true, false, ComponentStatus.of(lines));
      out.println("the daemon runs already (pid " + pid.getAsLong() + ")");
      lines.forEach(l -> out.println(DaemonProcess.shown(l)));
      return ExitCodes.OK;
    }
    Process p = DaemonProcess.spawn(run, names);
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        int code = p.exitValue();
        throw new VerbFailure(code == 0 ? ExitCodes.SOFTWARE : code, DaemonProcess.lastWords(run));
      }
      List<String> status = status(run);
      if (status != null) {
        long daemon = DaemonProcess.running(run).orElse(-1);
        result = new DaemonRun(daemon, false, false, ComponentStatus.of(status));
        out.println(
            "the daemon runs (pid "
                + daemon
                + ", watched by pid "
                + p.pid()
                + "), logs in "
                + run.log());
        status.forEach(l -> out.println(DaemonProcess.shown(l)));
        return ExitCodes.OK;
      }
      Thread.sleep(100);
    }
    p.destroy(); // SIGTERM to the watcher: it stops the daemon cleanly
    p.waitFor();
    throw new VerbFailure(
        ExitCodes.TEMPORARY,
        "the daemon was not ready in "
            + waitSeconds
            + " s and was stopped; see "
            + run.log().resolve("msgstore.log"));
  }

  static List<String> resolve(List<String> components) {
    try {
      return Components.resolve(components);
    } catch (IllegalArgumentException e) {
      throw VerbFailure.usage(e.getMessage());
    }
  }

  /** The status lines once every component started is ready; null until then. */
  private static List<String> status(RunDir run) {
    List<String> answer;
    try {
      answer = Control.ask(run.control(), "status");
    } catch (IOException e) {
      return null; // not listening yet
    }
    if (answer.isEmpty() || !answer.get(0).equals("ok")) {
      return null;
    }
    List<String> lines = answer.subList(1, answer.size());
    return lines.stream().allMatch(DaemonProcess::isReady) ? lines : null;
  }
}
