package dev.msgstore.store.crash;

import dev.msgstore.journal.ChildJava;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A child JVM with the project's JVM flags, whose stdout lines are collected as they come. */
final class ChildJvm implements AutoCloseable {
  final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();
  final CountDownLatch ready = new CountDownLatch(1);
  final CountDownLatch firstAck = new CountDownLatch(1);
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                  if (l.equals("READY")) {
                    ready.countDown();
                  } else if (l.startsWith("ACK ")) {
                    firstAck.countDown();
                  }
                }
              } catch (IOException e) {
                // the child was killed: what was read is what it acknowledged
              }
            });
    reader.start();
  }

  static ChildJvm start(Class<?> main, Path log, String... args) throws IOException {
    List<String> cmd = ChildJava.command(List.of("-Xmx256m"), main.getName(), args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new ChildJvm(p);
  }

  /** SIGKILL: no shutdown hooks, no finally blocks, no flushes. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join();
  }

  int awaitExit() throws InterruptedException {
    int code = process.waitFor();
    reader.join();
    return code;
  }

  List<String> acks() {
    return lines.stream().filter(l -> l.startsWith("ACK ")).toList();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
