package dev.msgstore.commands.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code msgstore <args>} in a new JVM, as the launcher would, and times it. */
final class FreshJvm {
  record Run(double wallSeconds, int exit, String output) {}

  private FreshJvm() {}

  static Run run(Path stdin, String... args) throws IOException, InterruptedException {
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
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("msgstore-bench", ".out");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(true);
      if (stdin != null) {
        pb.redirectInput(stdin.toFile());
      }
      long start = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("msgstore " + String.join(" ", args) + " did not finish in 300 s");
      }
      double wall = (System.nanoTime() - start) / 1e9;
      return new Run(wall, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
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
