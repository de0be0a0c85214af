package dev.msgstore.scripting.repl;

import static org.junit.jupiter.api.Assertions.fail;

import dev.msgstore.journal.ChildJava;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code msgstore shell} in a child JVM inside a pseudo-terminal, made by util-linux {@code script}
 * (which copies what the test types into the terminal, and the terminal's output back). The test
 * types keystrokes and waits for text to appear, escape sequences stripped.
 */
final class Pty implements AutoCloseable {
  /** Generous: a JVM starting on a busy machine (parallel builds) can take most of it. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * Escape sequences (CSI, OSC, charset and keypad modes) and the controls that move the cursor.
   */
  private static final Pattern CONTROLS =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]"
              + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)"
              + "|\u001B[()][A-Za-z0-9]"
              + "|\u001B[=>78DEHMNOc]"
              + "|[\u0000-\u0009\u000B-\u001F]");

  private final Process process;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Thread pump;
  private int seen;

  private Pty(Process process) {
    this.process = process;
    this.pump = Thread.ofPlatform().daemon().start(this::pump);
  }

  /** {@code msgstore shell --store root}, its history in {@code history}. */
  static Pty shell(Path root, Path history) throws IOException {
    return start("shell", root, history);
  }

  /** {@code msgstore jshell --store root}. */
  static Pty jshell(Path root) throws IOException {
    return start("jshell", root, root.resolveSibling("no-shell-history"));
  }

  private static Pty start(String verb, Path root, Path history) throws IOException {
    String options = System.getProperty("msgstore.jvm.options");
    if (options == null) {
      fail("the system property msgstore.jvm.options (the JVM flags' file) is not set");
    }
    // as the launcher: no warning about sun.misc.Unsafe on the screen
    List<String> flags =
        Runtime.version().feature() >= 23
            ? List.of("--sun-misc-unsafe-memory-access=allow")
            : List.of();
    List<String> java =
        ChildJava.command(flags, "dev.msgstore.commands.Main", verb, "--store", root.toString());
    // a terminal made for a pipe has no size; JLine needs one to lay out the line
    String line =
        "stty cols 120 rows 40; exec "
            + java.stream().map(Pty::quote).collect(Collectors.joining(" "));
    ProcessBuilder builder =
        new ProcessBuilder("script", "-qfec", line, "/dev/null").redirectErrorStream(true);
    builder.environment().put("MSGSTORE_SHELL_HISTORY", history.toString());
    builder.environment().put("TERM", "xterm");
    builder.environment().put("SHELL", "/bin/sh");
    return new Pty(builder.start());
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private void pump() {
    byte[] buffer = new byte[4096];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (output) {
          output.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the process ended: what it wrote is in the buffer
    }
  }

  /** The terminal's output so far, escape sequences and cursor controls removed. */
  String screen() {
    String raw;
    synchronized (output) {
      raw = output.toString(StandardCharsets.UTF_8);
    }
    return CONTROLS.matcher(raw).replaceAll("");
  }

  void type(String keys) throws IOException {
    process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Waits for {@code text} to appear after what was awaited last. */
  void await(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      String screen = screen();
      int at = screen.indexOf(text, seen);
      if (at >= 0) {
        seen = at + text.length();
        return;
      }
      if (!process.isAlive() && !pump.isAlive() || System.nanoTime() > deadline) {
        fail(
            "'"
                + text
                + "' did not appear ("
                + (process.isAlive() ? "timed out after " + TIMEOUT : "the shell ended")
                + "); after what was awaited last, the terminal showed:\n"
                + screen.substring(Math.min(seen, screen.length()))
                + "\n--- all of it:\n"
                + screen);
      }
      Thread.sleep(20);
    }
  }

  int exitCode() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      fail("the shell did not end within " + TIMEOUT + "; the terminal showed:\n" + screen());
    }
    pump.join(TIMEOUT.toMillis());
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
