package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The utilities as administrators and MTAs run them: one JVM per command. {@code deliver} once per
 * message, and {@code mboxutil -l} over a store of many users.
 */
final class UtilityBench {
  record DeliverFigures(int messages, double seconds, double jvmStartSeconds) {}

  /** The least wall and the least CPU time of a few runs of one command, and its last output. */
  record Timed(double wallSeconds, double cpuSeconds, String output) {}

  private UtilityBench() {}

  /**
   * Delivers {@code messages} messages, each by its own {@code deliver} JVM, and times a JVM that
   * starts and exits without work ({@code --version}) to tell how much of a run is JVM start.
   */
  static DeliverFigures deliverPerProcess(Path root, int messages)
      throws IOException, InterruptedException {
    Path message = Files.createTempFile("msgstore-bench", ".eml");
    try {
      double seconds = 0;
      for (int i = 0; i < messages; i++) {
        Files.write(message, BodySizes.message(5120, "u" + (i % 10), 900_000_000L + i));
        seconds +=
            FreshJvm.runOk(message, "deliver", "--store", root.toString(), "u" + (i % 10))
                .wallSeconds();
      }
      double start = Double.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        start = Math.min(start, FreshJvm.runOk(null, "--version").wallSeconds());
      }
      return new DeliverFigures(messages, seconds, start);
    } finally {
      Files.deleteIfExists(message);
    }
  }

  /**
   * Runs {@code msgstore <args>} in {@code runs} fresh launcher processes, each given {@code stdin}
   * as made for its run (or none), and keeps the best wall and CPU times: load from elsewhere only
   * ever adds to them.
   */
  static Timed timed(int runs, IntFunction<byte[]> stdin, String... args)
      throws IOException, InterruptedException {
    Path input = stdin == null ? null : Files.createTempFile("msgstore-bench", ".in");
    try {
      double wall = Double.MAX_VALUE;
      double cpu = Double.MAX_VALUE;
      String output = "";
      for (int i = 0; i < runs; i++) {
        if (input != null) {
          Files.write(input, stdin.apply(i));
        }
        FreshJvm.Run r = FreshJvm.runOk(input, args);
        wall = Math.min(wall, r.wallSeconds());
        cpu = Math.min(cpu, r.cpuSeconds());
        output = r.output();
      }
      return new Timed(wall, cpu, output);
    } finally {
      if (input != null) {
        Files.deleteIfExists(input);
      }
    }
  }

  /** Builds {@code users} × {@code folders} mailboxes (journal batches, then one catch-up). */
  static void buildMailboxes(Path root, int users, int folders) {
    Author a = Author.of("bench", "msgstore bench build");
    try (Store s = Store.open(root)) {
      List<Event> batch = new ArrayList<>(1000);
      long id = 1;
      for (int u = 1; u <= users; u++) {
        for (int f = 0; f < folders; f++) {
          String name = "user/u" + u + "/" + (f == 0 ? "INBOX" : "folder" + f);
          batch.add(new MailboxEvent.Created(id++, name, "primary", 1_795_860_000L));
          if (batch.size() == 1000) {
            s.journal().append(a, batch);
            batch.clear();
          }
        }
      }
      if (!batch.isEmpty()) {
        s.journal().append(a, batch);
      }
      s.refresh();
    }
  }

  /** {@code mboxutil -l} in a fresh JVM: best wall time of three, and the rows it listed. */
  static double[] listAll(Path root) throws IOException, InterruptedException {
    double best = Double.MAX_VALUE;
    long rows = 0;
    for (int i = 0; i < 3; i++) {
      FreshJvm.Run r = FreshJvm.runOk(null, "mboxutil", "-l", "--store", root.toString());
      best = Math.min(best, r.wallSeconds());
      rows = r.output().lines().filter(l -> l.contains(" user/")).count();
    }
    return new double[] {best, rows};
  }
}
