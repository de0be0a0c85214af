package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.services.daemon.Counters;
import dev.msgstore.services.daemon.RunDir;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code counterutil} (reference Table 71-2): the running daemon's counters, read over its control
 * channel. A counter object is the meters of one component ({@code lmtpstat}: {@code
 * msgstore_lmtp_*} and {@code msgstore_sessions{protocol="lmtp"}}); a counter is a sample as {@code
 * /metrics} names it. {@code -s} resets a counter for counterutil only: the daemon keeps an offset,
 * and {@code /metrics} goes on counting from where it was, as Prometheus requires.
 */
@Command(
    name = "counterutil",
    footer = "%nReference: Table 71-2, counterutil Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List, monitor and reset the running daemon's counters.",
      "Counter objects: "
          + "imapstat, popstat, lmtpstat (msgstore_imap_*, msgstore_pop_*, msgstore_lmtp_* and"
          + " msgstore_sessions{protocol=...}), storestat (msgstore_journal_*), diskusage"
          + " (msgstore_partition_*)."
    })
public final class CounterutilCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;
  @Mixin FormatOption format;

  @Option(names = "-l", description = "List the content of the counter registry.")
  boolean list;

  @Option(
      names = "-o",
      paramLabel = "counterobject",
      description = "Specify a counterobject (for example storestat).")
  String object;

  @Option(
      names = "-i",
      paramLabel = "interval",
      description = "Monitoring interval in seconds. Default is 5 seconds.")
  Integer interval;

  @Option(
      names = "-n",
      paramLabel = "iterations",
      description = "Specify number of iterations (default: until stopped).")
  Integer iterations;

  @Option(names = "-s", description = "Reset counter to 0.")
  boolean reset;

  @Option(
      names = "-c",
      paramLabel = "counter",
      description = "Specify a counter (for example msgstore_journal_commits_total).")
  String counter;

  private List<CounterRow> result;

  @Override
  public Integer call() throws InterruptedException {
    CliContext ctx = root.context();
    checkUsage();
    RunDir run = new RunDir(storeOption.resolve(ctx));
    ctx.requireStore(run.root(), CliContext.StoreUse.READS);
    DaemonProcess.requireRunning(run);
    PrintWriter out = ctx.out();
    boolean text = !format.json();
    List<CounterRow> objects = objects(run);
    result = new ArrayList<>();
    if (list) {
      if (text) {
        out.println("Listing registry (" + run.control() + ")");
        out.println("numobjects = " + objects.size());
        for (CounterRow o : objects) {
          out.println(
              "     entry = "
                  + o.object()
                  + (o.state().equals("running") ? "" : " (" + why(o) + ")"));
        }
      }
      result = objects;
      return ExitCodes.OK;
    }
    CounterRow o =
        objects.stream().filter(x -> x.object().equals(object)).findFirst().orElseThrow();
    if (!o.state().equals("running")) {
      throw new VerbFailure(ExitCodes.UNAVAILABLE, o.object() + ": " + why(o));
    }
    if (reset) {
      CounterRow before =
          read(run, o, 0).stream()
              .filter(r -> r.counter().equals(counter))
              .findFirst()
              .orElseThrow(
                  () ->
                      VerbFailure.usage(
                          "no counter "
                              + counter
                              + " in "
                              + object
                              + "; 'counterutil -o "
                              + object
                              + " -n 1' lists them"));
      if (!before.kind().equals("counter")) {
        throw VerbFailure.usage(counter + " is a gauge (it says what is now) and cannot be reset");
      }
      DaemonProcess.ask(run, "reset " + object + " " + counter);
      if (text) {
        out.println(
            "counter "
                + counter
                + " of "
                + object
                + " reset to 0 (was "
                + Counters.shown(before.value())
                + "); /metrics keeps counting");
      }
      result = List.of(before);
      return ExitCodes.OK;
    }
    if (text) {
      out.println("Monitor counterobject (" + object + ")");
      out.println("registry " + run.control() + " opened");
      out.println("counterobject " + object + " opened");
    }
    int every = interval == null ? 5 : interval;
    for (int i = 1; iterations == null || i <= iterations; i++) {
      if (i > 1) {
        Thread.sleep(every * 1000L);
      }
      List<CounterRow> rows = read(run, o, i);
      if (text) {
        out.println();
        out.println("count = " + i + " at " + (rows.isEmpty() ? now() : rows.get(0).epochSecond()));
        out.println();
        for (CounterRow r : rows) {
          out.println(r.counter() + ": " + Counters.shown(r.value()));
        }
        out.flush();
      }
      result.addAll(rows);
    }
    result = List.copyOf(result);
    return ExitCodes.OK;
  }

  private void checkUsage() {
    int modes = (list ? 1 : 0) + (reset ? 1 : 0) + (!list && !reset && object != null ? 1 : 0);
    if (modes != 1 || (list && object != null)) {
      throw VerbFailure.usage(
          "give one of -l, -o counterobject, or -s -o counterobject -c counter");
    }
    if (reset && (object == null || counter == null)) {
      throw VerbFailure.usage("-s needs -o counterobject and -c counter");
    }
    if (counter != null && !reset) {
      throw VerbFailure.usage("-c goes with -s");
    }
    if ((interval != null || iterations != null) && (list || reset)) {
      throw VerbFailure.usage("-i and -n go with -o alone (monitoring)");
    }
    if (interval != null && interval < 1) {
      throw VerbFailure.usage("-i must be at least 1 second");
    }
    if (iterations != null && iterations < 1) {
      throw VerbFailure.usage("-n must be at least 1");
    }
    if (object != null && Counters.object(object).isEmpty()) {
      throw VerbFailure.usage(
          "no counter object "
              + object
              + "; the objects are "
              + Counters.OBJECTS.stream()
                  .map(Counters.CounterObject::name)
                  .collect(Collectors.joining(", ")));
    }
  }

  private static List<CounterRow> objects(RunDir run) {
    List<CounterRow> rows = new ArrayList<>();
    for (String line : DaemonProcess.ask(run, "counters")) {
      String[] f = line.split("\t");
      rows.add(new CounterRow(f[0], f[1], f[2], 0, 0, "", "", 0));
    }
    return List.copyOf(rows);
  }

  private static List<CounterRow> read(RunDir run, CounterRow o, int iteration) {
    long at = now();
    List<CounterRow> rows = new ArrayList<>();
    for (String line : DaemonProcess.ask(run, "counters " + o.object())) {
      String[] f = line.split("\t");
      rows.add(
          new CounterRow(
              o.object(),
              o.component(),
              o.state(),
              iteration,
              at,
              f[0],
              f[2],
              Double.parseDouble(f[1])));
    }
    return rows;
  }

  /** Why an object shows nothing: its component does not run, or is not in msgstore yet. */
  private static String why(CounterRow o) {
    return o.state().equals("stopped")
        ? "its component "
            + o.component()
            + " is not running ('msgstore start-msg "
            + o.component()
            + "')"
        : "its component " + o.component() + " is not in msgstore yet";
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** With -l the objects; with -o each counter of each iteration; with -s the counter reset. */
  @Override
  public List<CounterRow> result() {
    return result;
  }
}
