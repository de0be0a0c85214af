package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.Projections;
import dev.msgstore.services.daemon.Daemon;
import dev.msgstore.services.daemon.RunDir;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stored} (reference Table 71-39): without options, the store component in the foreground;
 * {@code -t [-v]} tests the running daemon's readiness; {@code -r} removes the projection
 * environment when no process has it open; {@code -R} removes temporary files left by processes
 * that are gone. {@code -m} and {@code -d} belong to replication, which is not available.
 */
@Command(
    name = "stored",
    footer = "%nReference: Table 71-39, stored Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the store component in the foreground, or test, clean or reset what it keeps.",
      "-t exits 0 when the daemon's store component runs and has read the journal to its end."
    })
public final class StoredCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;
  @Mixin FormatOption format;

  @Option(names = "-r", description = "Remove the projection environment (rebuilt on next open).")
  boolean removeEnvironment;

  @Option(names = "-R", description = "Remove temporary files: spools, stale pid and socket files.")
  boolean removeTemporary;

  @Option(names = "-t", description = "Test stored readiness.")
  boolean test;

  @Option(names = "-v", description = "With -t: say what was checked.")
  boolean verbose;

  @Option(names = "-m", description = "Replication master: not available.")
  boolean master;

  @Option(
      names = "-d",
      arity = "0..1",
      fallbackValue = "local",
      paramLabel = "site",
      description = "Delete a replication site: not available.")
  String deleteSite;

  private StoredCheck result;

  /** With -t what was checked, with -r or -R what was removed; null in the foreground. */
  @Override
  public StoredCheck result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    CliContext ctx = root.context();
    if (master || deleteSite != null) {
      throw Replication.notAvailable(deleteSite != null ? "-d" : "-m");
    }
    int modes = (removeEnvironment ? 1 : 0) + (removeTemporary ? 1 : 0) + (test ? 1 : 0);
    if (modes > 1) {
      throw VerbFailure.usage("-r, -R and -t go alone");
    }
    if (verbose && !test) {
      throw VerbFailure.usage("-v goes with -t");
    }
    Path store = storeOption.resolve(ctx);
    RunDir run = new RunDir(store);
    PrintWriter out = format.json() ? new PrintWriter(java.io.Writer.nullWriter()) : ctx.out();
    if (test) {
      ctx.requireStore(store, CliContext.StoreUse.READS);
      result = test(run, verbose, out);
      return ExitCodes.OK;
    }
    if (removeEnvironment) {
      ctx.requireStore(store, CliContext.StoreUse.REPAIRS);
      result = removeEnvironment(run, out);
      return ExitCodes.OK;
    }
    if (removeTemporary) {
      ctx.requireStore(store, CliContext.StoreUse.REPAIRS);
      TempFiles.Removed removed = TempFiles.remove(run);
      removed.paths().forEach(p -> out.println("removed " + p));
      if (removed.paths().isEmpty()) {
        out.println("no temporary files to remove in " + run.root());
      }
      removed.kept().forEach(out::println);
      result =
          new StoredCheck(
              false,
              -1,
              "",
              removed.paths().stream().map(Object::toString).toList(),
              removed.kept());
      return ExitCodes.OK;
    }
    ctx.requireStore(store, CliContext.StoreUse.WRITES);
    out.flush();
    return Daemon.run(store, List.of("store"), true, "stored: ", out, ctx.err());
  }

  private static StoredCheck test(RunDir run, boolean verbose, PrintWriter out) {
    OptionalLong pid = DaemonProcess.running(run);
    if (pid.isEmpty()) {
      throw new VerbFailure(
          ExitCodes.UNAVAILABLE,
          "not ready: no daemon runs on the store in "
              + run.root()
              + " (nothing holds "
              + run.lock()
              + ")");
    }
    List<String> status = DaemonProcess.ask(run, "status store");
    String line = status.isEmpty() ? "store stopped not running" : status.get(0);
    if (!DaemonProcess.isReady(line)) {
      throw new VerbFailure(
          line.startsWith("store stopped") ? ExitCodes.UNAVAILABLE : ExitCodes.TEMPORARY,
          "not ready: " + DaemonProcess.shown(line) + " (daemon pid " + pid.getAsLong() + ")");
    }
    StoredCheck ready =
        new StoredCheck(true, pid.getAsLong(), DaemonProcess.shown(line), List.of(), List.of());
    if (!verbose) {
      return ready; // the exit code says it
    }
    out.println(
        "ready: the daemon (pid "
            + pid.getAsLong()
            + ") holds "
            + run.lock()
            + " and answers on "
            + run.control()
            + "; "
            + DaemonProcess.shown(line));
    return ready;
  }

  private static StoredCheck removeEnvironment(RunDir run, PrintWriter out) throws IOException {
    OptionalLong pid = DaemonProcess.running(run);
    if (pid.isPresent()) {
      throw new VerbFailure(
          ExitCodes.TEMPORARY,
          "the daemon (pid "
              + pid.getAsLong()
              + ") has the store open; stop it first ('msgstore stop-msg')");
    }
    Path dir = StoreLayout.projections(run.root());
    if (!Projections.deleteIfUnused(dir)) {
      throw new VerbFailure(
          ExitCodes.TEMPORARY,
          "another process has the projection environment in "
              + dir
              + " open (a verb or a script); try again when it has ended");
    }
    out.println(
        "removed the projection environment in "
            + dir
            + "; the next open rebuilds it from the journal");
    return new StoredCheck(false, -1, "", List.of(dir.toString()), List.of());
  }
}
