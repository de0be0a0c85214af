package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.services.daemon.Control;
import dev.msgstore.services.daemon.RunDir;
import dev.msgstore.services.daemon.Watcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stop-msg} (reference Table 71-38): stops the daemon gracefully (SIGTERM: its components
 * close in reverse start order), or some of its components over the control channel; {@code -f} is
 * SIGKILL. With no daemon running it says so and succeeds (what was asked holds).
 */
@Command(
    name = "stop-msg",
    footer = "%nReference: Table 71-38, stop-msg Command Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Stop the msgstore daemon of a store, or some of its components (http).",
      "Stopping the store component stops the daemon: the others use it."
    })
public final class StopMsgCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;
  @Mixin FormatOption format;

  @Option(names = "-f", description = "Force stop using SIGKILL (the whole daemon).")
  boolean force;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long a graceful stop may take (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Parameters(paramLabel = "component", arity = "0..*", description = "store, http, imap; or ha.")
  List<String> components = new ArrayList<>();

  private DaemonRun result;

  /** The daemon stopped (pid -1 and not running when none ran), or the components stopped. */
  @Override
  public DaemonRun result() {
    return result;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    CliContext ctx = root.context();
    if (components.contains("ha")) {
      throw Replication.notAvailable("ha");
    }
    List<String> names = StartMsgCommand.resolve(components);
    boolean whole = names.isEmpty() || names.contains("store");
    if (force && !whole) {
      throw VerbFailure.usage(
          "-f stops the whole daemon (its components share one process): name no component");
    }
    RunDir run = new RunDir(storeOption.resolve(ctx));
    PrintWriter out = format.json() ? new PrintWriter(java.io.Writer.nullWriter()) : ctx.out();
    OptionalLong pid = DaemonProcess.running(run);
    if (pid.isEmpty()) {
      result = new DaemonRun(-1, false, force, List.of());
      Files.deleteIfExists(run.pidFile()); // left by a daemon that was killed: it says nothing
      out.println("no daemon runs on the store in " + run.root());
      return ExitCodes.OK;
    }
    if (!whole) {
      List<ComponentStatus> stopped = new ArrayList<>();
      for (String line : DaemonProcess.ask(run, "stop " + String.join(" ", names))) {
        out.println(line.replaceFirst(" ", ": "));
        stopped.add(ComponentStatus.of(line));
      }
      result = new DaemonRun(pid.getAsLong(), true, false, stopped);
      return ExitCodes.OK;
    }
    // the watcher first: else it would start the daemon again; it stops the daemon itself
    long watcherPid = Watcher.runningPid(run);
    if (watcherPid > 0) {
      ProcessHandle watcher = ProcessHandle.of(watcherPid).orElseThrow();
      if (force) {
        watcher.destroyForcibly();
      } else {
        watcher.destroy();
      }
      await(watcher, "the watcher");
    }
    // gone already when its watcher stopped it; else asked here. One without a watcher runs
    // attached (start-msg --foreground, serve): asked over the control channel, it stops as
    // SIGTERM would stop it, and its process ends with 0, not 143
    Optional<ProcessHandle> daemon = ProcessHandle.of(pid.getAsLong());
    if (daemon.isPresent()) {
      if (force) {
        daemon.get().destroyForcibly();
      } else if (watcherPid > 0 || !askedToStop(run)) {
        daemon.get().destroy();
      }
      await(daemon.get(), "the daemon");
    }
    if (force) {
      // SIGKILL leaves them; the lock went with the process
      Files.deleteIfExists(run.pidFile());
      Files.deleteIfExists(run.control());
      Files.deleteIfExists(run.run().resolve("watcher.pid"));
    }
    result = new DaemonRun(pid.getAsLong(), true, force, List.of());
    out.println(
        "stopped the daemon (pid " + pid.getAsLong() + ")" + (force ? " with SIGKILL" : ""));
    return ExitCodes.OK;
  }

  private static boolean askedToStop(RunDir run) {
    try {
      List<String> answer = Control.ask(run.control(), "stop");
      return !answer.isEmpty() && answer.get(0).equals("ok");
    } catch (IOException e) {
      return false; // not answering: SIGTERM
    }
  }

  private void await(ProcessHandle p, String what) throws InterruptedException {
    try {
      p.onExit().get(waitSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new VerbFailure(
          ExitCodes.TEMPORARY,
          what
              + " (pid "
              + p.pid()
              + ") did not stop in "
              + waitSeconds
              + " s; 'msgstore stop-msg -f' kills it");
    } catch (ExecutionException e) {
      throw new VerbFailure(ExitCodes.SOFTWARE, "waiting for " + what + ": " + e.getCause());
    }
  }
}
