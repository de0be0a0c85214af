package dev.msgstore.services.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The watcher: a small JVM of its own that runs the daemon as its child and starts it again when it
 * dies after having served (killed, crashed), at most {@link #RESTARTS} times in {@link
 * #WINDOW_SECONDS} seconds. A daemon that never became ready is not restarted (its start failed:
 * the watcher ends with its exit code, for start-msg to report), nor one that ended with 0 (a stop
 * asked over the control channel). SIGTERM to the watcher stops the daemon gracefully first. It
 * writes {@code run/watcher.pid}, and its lines (restarts) to standard output, which start-msg
 * sends to {@code log/start.out}.
 */
public final class Watcher {
  static final int RESTARTS = 5;
  static final long WINDOW_SECONDS = 300;

  private final RunDir run;
  private final List<String> daemonCommand;
  private final PrintStream out;
  private volatile boolean stopping;
  private volatile Process daemon;

  private Watcher(RunDir run, List<String> daemonCommand, PrintStream out) {
    this.run = run;
    this.daemonCommand = daemonCommand;
    this.out = out;
  }

  /** {@code Watcher ROOT -- DAEMON-COMMAND...}: what start-msg runs in the background. */
  public static void main(String[] args) throws Exception {
    RunDir run = new RunDir(Path.of(args[0]));
    List<String> command = List.of(args).subList(2, args.length);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(new Watcher(run, command, out).watch());
  }

  /** The pid of the running watcher of this store, or -1. */
  public static long runningPid(RunDir run) {
    Path f = run.run().resolve("watcher.pid");
    try {
      long pid = Long.parseLong(Files.readString(f).strip());
      return ProcessHandle.of(pid)
          // a JVM under that pid: the pid of a watcher that was killed may have been reused (the
          // command line is not always readable through ProcessHandle, so it is not checked)
          .filter(p -> p.info().command().orElse("").endsWith("java"))
          .map(ProcessHandle::pid)
          .orElse(-1L);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private int watch() throws IOException, InterruptedException {
    Path pidFile = run.run().resolve("watcher.pid");
    dev.msgstore.journal.FileModes.createDirectories(run.run());
    Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
    dev.msgstore.journal.FileModes.conformFile(pidFile);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping = true;
                  Process d = daemon;
                  if (d != null) {
                    d.destroy(); // SIGTERM: the daemon closes its components in order
                    try {
                      d.waitFor();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  // here too: the JVM may halt before the main thread's finally runs
                  try {
                    Files.deleteIfExists(pidFile);
                  } catch (IOException e) {
                    // stored -R removes it
                  }
                },
                "msgstore-watcher-stop"));
    Deque<Instant> restarts = new ArrayDeque<>();
    try {
      while (true) {
        daemon =
            new ProcessBuilder(daemonCommand)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        boolean served = awaitReadyOrEnd(daemon);
        int code = daemon.waitFor();
        // a signal's death (128 + n: kill -9, a crash) is restarted even before the watcher saw
        // it ready; any other end before that was its start failing, which start-msg reports
        if (stopping || code == 0 || !(served || code > 128)) {
          return code;
        }
        Instant now = Instant.now();
        restarts.addLast(now);
        while (restarts.peekFirst().isBefore(now.minusSeconds(WINDOW_SECONDS))) {
          restarts.removeFirst();
        }
        if (restarts.size() > RESTARTS) {
          out.println(
              now
                  + " watcher: the daemon died "
                  + restarts.size()
                  + " times in "
                  + WINDOW_SECONDS
                  + " s; giving up");
          return code;
        }
        out.println(
            now
                + " watcher: the daemon (pid "
                + daemon.pid()
                + ") ended with "
                + code
                + "; starting it again ("
                + restarts.size()
                + " of "
                + RESTARTS
                + ")");
        Thread.sleep(500L * restarts.size()); // backs off a daemon that dies at once
      }
    } finally {
      Files.deleteIfExists(pidFile);
    }
  }

  /** Whether the daemon answered ready on the control channel before it ended. */
  private boolean awaitReadyOrEnd(Process d) throws InterruptedException {
    while (d.isAlive()) {
      try {
        List<String> a = Control.ask(run.control(), "status");
        if (!a.isEmpty() && a.get(0).equals("ok")) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet, or the socket of the one before
      }
      Thread.sleep(200);
    }
    return false;
  }
}
