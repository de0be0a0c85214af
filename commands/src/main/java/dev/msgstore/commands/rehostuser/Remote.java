package dev.msgstore.commands.rehostuser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The commands a move runs: the destination's imsrestore and imsbackup through ssh ({@code -s}, as
 * {@code ssh [options] host 'command line'}), and the local {@code -b}/{@code -c} ones. Each is a
 * process whose exit status is the verdict (which is why rsh, which loses it, will not do).
 */
final class Remote {
  /** A process started, its standard error kept (the last of it) to say why it failed. */
  static final class Run implements AutoCloseable {
    private final Process process;
    private final Thread errDrain;
    private final StringBuilder err = new StringBuilder();
    private final String what;

    private Run(Process process, String what) {
      this.process = process;
      this.what = what;
      this.errDrain =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (InputStream in = process.getErrorStream()) {
                      ByteArrayOutputStream b = new ByteArrayOutputStream();
                      in.transferTo(b);
                      synchronized (err) {
                        err.append(b.toString(StandardCharsets.UTF_8));
                      }
                    } catch (IOException e) {
                      // the process went; what it said so far is kept
                    }
                  });
    }

    OutputStream stdin() {
      return process.getOutputStream();
    }

    /** Gives it no input. */
    void noInput() {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // it went already: its exit status tells
      }
    }

    InputStream stdout() {
      return process.getInputStream();
    }

    /**
     * Reads standard output a line at a time, handing each to {@code line}, on a thread of its own.
     */
    Thread lines(Consumer<String> line) {
      return Thread.ofVirtual()
          .start(
              () -> {
                try (var r =
                    new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                            process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l = r.readLine(); l != null; l = r.readLine()) {
                    line.accept(l);
                  }
                } catch (IOException e) {
                  // the process went
                }
              });
    }

    /** Waits for the end; its exit status. */
    int exit() throws InterruptedException {
      int code = process.waitFor();
      errDrain.join();
      return code;
    }

    /** The last line it wrote on standard error, or "" (the reason a failed command gives). */
    String lastError() {
      synchronized (err) {
        List<String> lines = err.toString().strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      }
    }

    String what() {
      return what;
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private Remote() {}

  /** {@code ssh} (its words), {@code host}, then {@code commandLine} as one argument. */
  static List<String> viaSsh(String ssh, String host, String commandLine) {
    List<String> argv = new ArrayList<>(words(ssh));
    argv.add(host);
    argv.add(commandLine);
    return argv;
  }

  /** A local command line ({@code -b}, {@code -c}): its words, then {@code args}. */
  static List<String> local(String commandLine, String... args) {
    List<String> argv = new ArrayList<>(words(commandLine));
    argv.addAll(Arrays.asList(args));
    return argv;
  }

  static List<String> words(String commandLine) {
    return Arrays.stream(commandLine.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  /** Starts {@code argv} with {@code MSGSTORE_HOME} set to {@code store} (for local commands). */
  static Run start(List<String> argv, Path store, Map<String, String> env, String what) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(env);
    pb.environment().put("MSGSTORE_HOME", store.toString());
    try {
      return new Run(pb.start(), what);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
  }
}
