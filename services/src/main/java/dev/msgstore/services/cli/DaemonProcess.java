package dev.msgstore.services.cli;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.services.daemon.Control;
import dev.msgstore.services.daemon.Daemon;
import dev.msgstore.services.daemon.RunDir;
import dev.msgstore.services.daemon.Watcher;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The daemon as a process seen from the verbs: started by a watcher ({@link Watcher}) in JVMs of
 * their own (the launcher's JDK, {@code jvm.options} and class path, in a session of their own so
 * that the terminal's hangup does not reach them), found through {@code run/}, asked over the
 * control channel.
 */
final class DaemonProcess {
  private DaemonProcess() {}

  /** {@code java @jvm.options FLAGS -cp <this class path> MAIN ARGS}: this JVM's JDK and flags. */
  static List<String> java(List<String> flags, String main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = System.getProperty("msgstore.jvm.options");
    List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (options != null) {
      cmd.add("@" + options);
      cmd.add("-Dmsgstore.jvm.options=" + options);
      // the launcher's flag that quiets the JDK 23+ warning about sun.misc.Unsafe
      own.stream().filter(a -> a.startsWith("--sun-misc-unsafe-memory-access")).forEach(cmd::add);
    } else {
      cmd.addAll(own);
    }
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(args);
    return cmd;
  }

  /**
   * The command line of the watcher that runs the daemon for {@code root} with {@code names}: a
   * small JVM (serial GC, C1, 48 MB of heap) in a session of its own.
   */
  static List<String> command(Path root, List<String> names) {
    String where = root.toAbsolutePath().normalize().toString();
    List<String> daemonArgs = new ArrayList<>(List.of(where));
    daemonArgs.addAll(names);
    List<String> watcherArgs = new ArrayList<>(List.of(where, "--"));
    watcherArgs.addAll(java(List.of(), Daemon.class.getName(), daemonArgs));
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid");
    }
    cmd.addAll(
        java(
            List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            Watcher.class.getName(),
            watcherArgs));
    return cmd;
  }

  /**
   * Starts the watcher, and through it the daemon, in the background; their standard output and
   * error go to {@code log/start.out} (what the daemon says before its log is set up, the line of a
   * component that failed to start, the watcher's restarts).
   */
  static Process spawn(RunDir run, List<String> names) throws IOException {
    dev.msgstore.journal.FileModes.createDirectories(run.log());
    return new ProcessBuilder(command(run.root(), names))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(run.startLog().toFile()))
        .start();
  }

  /** The last line the daemon wrote before it ended: the one line saying why. */
  static String lastWords(RunDir run) {
    try {
      List<String> lines = Files.readAllLines(run.startLog(), StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank() && !lines.get(i).startsWith("WARNING:")) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException e) {
      // nothing written
    }
    return "the daemon ended before it was ready (nothing in " + run.startLog() + ")";
  }

  /** The running daemon's pid; fails as the verb {@code verb} when none runs. */
  static long requireRunning(RunDir run) {
    OptionalLong pid = running(run);
    if (pid.isEmpty()) {
      throw new VerbFailure(
          ExitCodes.UNAVAILABLE,
          "no daemon runs on the store in " + run.root() + "; start it with 'msgstore start-msg'");
    }
    return pid.getAsLong();
  }

  static OptionalLong running(RunDir run) {
    try {
      return run.runningPid();
    } catch (IOException e) {
      throw new VerbFailure(ExitCodes.IO, "cannot read " + run.lock() + ": " + e.getMessage());
    }
  }

  /**
   * The daemon's answer to {@code request}: the lines after {@code ok}; an {@code error} answer
   * fails with its line.
   */
  static List<String> ask(RunDir run, String request) {
    List<String> answer;
    try {
      answer = Control.ask(run.control(), request);
    } catch (IOException e) {
      throw new VerbFailure(
          ExitCodes.UNAVAILABLE,
          "the daemon does not answer on " + run.control() + ": " + e.getMessage());
    }
    if (answer.isEmpty()) {
      throw new VerbFailure(ExitCodes.UNAVAILABLE, "the daemon closed the control channel");
    }
    String first = answer.get(0);
    if (first.startsWith("error ")) {
      throw new VerbFailure(ExitCodes.UNAVAILABLE, first.substring("error ".length()));
    }
    return answer.subList(1, answer.size());
  }

  /** {@code NAME ready|not-ready|stopped DETAIL} as the verbs print it: {@code NAME: DETAIL}. */
  static String shown(String statusLine) {
    String[] f = statusLine.split(" ", 3);
    return f.length < 3
        ? statusLine
        : f[0] + ": " + (f[1].equals("ready") ? "" : f[1] + ", ") + f[2];
  }

  static boolean isReady(String statusLine) {
    String[] f = statusLine.split(" ", 3);
    return f.length >= 2 && f[1].equals("ready");
  }
}
