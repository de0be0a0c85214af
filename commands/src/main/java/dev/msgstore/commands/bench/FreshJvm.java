package dev.msgstore.commands.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code msgstore <args>} in a new JVM, as the launcher would, and times it: wall time, and
 * CPU time (user + system) of the launcher and every process it started, JVMs included.
 */
final class FreshJvm {
  record Run(double wallSeconds, double cpuSeconds, int exit, String output) {}

  /**
   * A child's CPU time is known only to its parent once it has waited for it, and Java reaps its
   * children without telling; so a shell runs the command and reports its children's times.
   */
  private static final String TIMED =
      "\"$@\"; status=$?; times >\"$MSGSTORE_BENCH_TIMES\"; exit $status";

  private FreshJvm() {}

  static Run run(Path stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = msgstore();
    cmd.addAll(List.of(args));
    return timed(cmd, stdin);
  }

  /**
   * As {@link #run} with a system property set in the verb's JVM (through the launcher's
   * MSGSTORE_JAVA_OPTS when it starts it); a non-zero exit is a failure of the bench.
   */
  static Run runOkWithProperty(String name, String value, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = msgstore();
    String property = "-D" + name + "=" + value;
    Map<String, String> env = new HashMap<>();
    if (System.getProperty("msgstore.launcher") != null) {
      env.put("MSGSTORE_JAVA_OPTS", property);
    } else {
      cmd.add(1, property);
    }
    cmd.addAll(List.of(args));
    Run r = timed(cmd, null, env);
    if (r.exit() != 0) {
      throw new IOException(
          "msgstore " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.output());
    }
    return r;
  }

  /**
   * {@code msgstore}, as this JVM was started: the launcher when it started this one, else java
   * with this JVM's options and class path.
   */
  static List<String> msgstore() {
    List<String> cmd = new ArrayList<>();
    String launcher = System.getProperty("msgstore.launcher");
    if (launcher != null) {
      cmd.add(launcher); // exactly as an administrator or an MTA runs a verb
    } else {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String options = System.getProperty("msgstore.jvm.options");
      if (options != null) {
        cmd.add("@" + options);
        cmd.add("-Dmsgstore.jvm.options=" + options);
      } else {
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      }
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("dev.msgstore.commands.Main");
    }
    return cmd;
  }

  /** Runs {@code command} (any program) with {@code stdin}, timed as {@link #run} says. */
  static Run timed(List<String> command, Path stdin) throws IOException, InterruptedException {
    return timed(command, stdin, Map.of());
  }

  private static Run timed(List<String> command, Path stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", TIMED, "msgstore-bench"));
    cmd.addAll(command);
    String what = String.join(" ", command);
    Path out = Files.createTempFile("msgstore-bench", ".out");
    Path times = Files.createTempFile("msgstore-bench", ".times");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(true);
      pb.environment().put("MSGSTORE_BENCH_TIMES", times.toString());
      pb.environment().putAll(env);
      if (stdin != null) {
        pb.redirectInput(stdin.toFile());
      }
      long start = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(what + " did not finish in 300 s");
      }
      double wall = (System.nanoTime() - start) / 1e9;
      return new Run(
          wall,
          childrenCpuSeconds(Files.readAllLines(times)),
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(times);
    }
  }

  private static final Pattern SHELL_TIME = Pattern.compile("(\\d+)m([\\d.,]+)s");

  /**
   * The children's user + system seconds from the output of bash's {@code times}: its second line,
   * as {@code 0m1.234s 0m0.210s} (a comma for the point in some locales).
   */
  static double childrenCpuSeconds(List<String> timesOutput) throws IOException {
    if (timesOutput.size() < 2) {
      throw new IOException("the shell reported no CPU times: " + timesOutput);
    }
    Matcher m = SHELL_TIME.matcher(timesOutput.get(1));
    double seconds = 0;
    int fields = 0;
    while (m.find()) {
      seconds +=
          Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2).replace(',', '.'));
      fields++;
    }
    if (fields != 2) {
      throw new IOException("unexpected CPU times from the shell: " + timesOutput);
    }
    return seconds;
  }

  /** Like {@link #run}, but a non-zero exit is a failure of the bench. */
  static Run runOk(Path stdin, String... args) throws IOException, InterruptedException {
    Run r = run(stdin, args);
    if (r.exit() != 0) {
      throw new IOException(
          "msgstore "
              + String.join(" ", args)
              + " failed ("
              + r.exit()
              + "): "
              + r.output().strip());
    }
    return r;
  }
}
