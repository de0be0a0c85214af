package dev.msgstore.commands.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bench --only lmtp}: mail delivered over LMTP by a load generator in the bench's JVM to a
 * server in a process of its own (msgstore's daemon, and Dovecot's LMTP beside it when installed),
 * with 4 and 32 connections; then one {@code deliver} per message with the daemon up (and
 * dovecot-lda beside it).
 */
final class LmtpBench {
  static final int USERS = 50;
  static final String DOMAIN = "bench.example";
  private static final long SEED = 13;
  private static final int[] CONNECTIONS = {4, 32};
  private static final double[] TARGETS = {1_900, 8_000};

  private LmtpBench() {}

  static void run(PrintWriter out, Path dir, boolean quick) throws Exception {
    // A server's first seconds are its JIT's (a fresh daemon's CPU a message is several times
    // its steady one): the first load on each server runs longer before it is measured.
    long firstWarmup = quick ? 300 : 15_000;
    long warmup = quick ? 300 : 3_000;
    long measure = quick ? 1_000 : 10_000;
    out.printf(
        "lmtp: a load generator in the bench's JVM, K connections each running MAIL/RCPT/DATA"
            + " (pipelined, one recipient) back to back, bodies 2-50 KB (log-normal, median ~5 KB,"
            + " seed %d), %d users, TCP on loopback; %.1f s warm-up (%.1f s on a fresh server),"
            + " then %.0f s measured; CPU is the server's (its processes, from /proc), and the"
            + " generator's in brackets%n",
        SEED, USERS, warmup / 1000.0, firstWarmup / 1000.0, measure / 1000.0);
    out.flush();
    int deliverRuns = quick ? 2 : 20;
    if (!MsgstoreDaemon.available()) {
      out.println(
          "  msgstore: no daemon can be started from this JVM (run it as ./msgstore bench); skipped");
    } else {
      MsgstoreDaemon daemon = MsgstoreDaemon.start(dir.resolve("msgstore"), USERS, DOMAIN);
      try {
        for (int i = 0; i < CONNECTIONS.length; i++) {
          LmtpLoad.Figures f =
              LmtpLoad.run(
                  daemon.tcp(),
                  new LmtpLoad.Plan(
                      CONNECTIONS[i], USERS, DOMAIN, SEED, i == 0 ? firstWarmup : warmup, measure),
                  () -> ProcessCpu.seconds(daemon.pid()));
          out.println(line("msgstore", f, TARGETS[i]));
          out.flush();
        }
        Path store = daemon.root();
        settleDeliverCache(store);
        Timings up = deliverRuns(store, deliverRuns);
        out.println(up.line("deliver, daemon up (LMTP hand-off), one launcher a message", 150));
        out.flush();
      } finally {
        daemon.close();
      }
      Timings down = deliverRuns(daemon.root(), quick ? 1 : 5);
      out.println(down.line("deliver, daemon down (in-process), one launcher a message", 0));
      out.flush();
    }
    Optional<Path> dovecot = DovecotPeer.binary();
    if (dovecot.isEmpty()) {
      out.println(
          "  dovecot: not installed, so msgstore alone (apt-get install dovecot-core"
              + " dovecot-lmtpd to measure it beside msgstore)");
      out.flush();
      return;
    }
    try (DovecotPeer peer = DovecotPeer.start(dovecot.get(), USERS, DOMAIN)) {
      String name = "dovecot " + peer.version();
      for (int i = 0; i < CONNECTIONS.length; i++) {
        LmtpLoad.Figures f =
            LmtpLoad.run(
                peer.endpoint(),
                new LmtpLoad.Plan(
                    CONNECTIONS[i], USERS, DOMAIN, SEED, i == 0 ? firstWarmup : warmup, measure),
                () -> ProcessCpu.seconds(peer.pid()));
        out.println(line(name, f, 0));
        out.flush();
      }
      Optional<Path> lda = peer.lda();
      if (lda.isPresent()) {
        Timings t = ldaRuns(lda.get(), peer.config(), deliverRuns);
        out.println(t.line("dovecot-lda, one process a message", 0));
      }
    }
    out.flush();
  }

  static String line(String server, LmtpLoad.Figures f, double target) {
    String s =
        String.format(
            Locale.ROOT,
            "  %-16s K=%2d: %,7d messages in %5.2f s = %,6.0f msg/s, %5.1f MB/s, p50 %6.2f ms,"
                + " p99 %6.2f ms, CPU %s",
            server,
            f.connections(),
            f.messages(),
            f.seconds(),
            f.perSecond(),
            f.bytes() / f.seconds() / 1e6,
            f.p50Micros() / 1000,
            f.p99Micros() / 1000,
            f.cpuMicrosPerMessage() < 0
                ? "unknown"
                : String.format(
                    Locale.ROOT,
                    "%,.0f µs/msg [%,.0f]",
                    f.cpuMicrosPerMessage(),
                    f.messages() == 0 ? 0 : f.generatorCpuSeconds() * 1e6 / f.messages()));
    if (target > 0) {
      s += String.format(Locale.ROOT, " (target ≥ %,.0f msg/s)", target);
    }
    if (f.failed() > 0) {
      s += String.format(Locale.ROOT, "; %,d refused, first: %s", f.failed(), f.firstFailure());
    }
    return s;
  }

  /** Wall and CPU times of processes run one after the other, one message each. */
  record Timings(double[] wall, double[] cpu) {
    String line(String what, double targetMillis) {
      double[] w = wall.clone();
      double[] c = cpu.clone();
      Arrays.sort(w);
      Arrays.sort(c);
      return String.format(
              Locale.ROOT,
              "  %s: median %.0f ms wall (best %.0f, worst %.0f), median %.0f ms CPU, %d runs",
              what,
              w[w.length / 2] * 1000,
              w[0] * 1000,
              w[w.length - 1] * 1000,
              c[c.length / 2] * 1000,
              w.length)
          + (targetMillis > 0
              ? String.format(Locale.ROOT, " (target ≤ %.0f ms)", targetMillis)
              : "");
    }
  }

  /**
   * One untimed hand-off, then a wait (at most 2 minutes) while the launcher records the fast
   * path's AOT cache from it (JDK 25+; a lock directory beside the cache says a training run is
   * on): an MTA's deliveries are the thousands after the first, and the timed runs should neither
   * lack the cache nor share the machine with its recording.
   */
  private static void settleDeliverCache(Path store) throws IOException, InterruptedException {
    deliverRuns(store, 1);
    String launcher = System.getProperty("msgstore.launcher");
    if (launcher == null) {
      return;
    }
    Path lock = Path.of(launcher).resolveSibling("scripting/target/deliver.aot.lock");
    for (int i = 0; i < 1200 && Files.exists(lock); i++) {
      Thread.sleep(100);
    }
  }

  /** {@code msgstore deliver --store STORE uN}, {@code runs} times, one message each. */
  private static Timings deliverRuns(Path store, int runs)
      throws IOException, InterruptedException {
    Path message = Files.createTempFile("msgstore-bench", ".eml");
    try {
      List<FreshJvm.Run> done = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String user = "u" + (1 + i % USERS);
        Files.write(message, BodySizes.message(5120, user + "@" + DOMAIN, 970_000_000L + i));
        done.add(FreshJvm.runOk(message, "deliver", "--store", store.toString(), user));
      }
      return timings(done);
    } finally {
      Files.deleteIfExists(message);
    }
  }

  /** {@code dovecot-lda -c CONFIG -d uN}, {@code runs} times, one message each. */
  private static Timings ldaRuns(Path lda, Path config, int runs)
      throws IOException, InterruptedException {
    Path message = Files.createTempFile("msgstore-bench", ".eml");
    try {
      List<FreshJvm.Run> done = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String user = "u" + (1 + i % USERS);
        Files.write(message, BodySizes.message(5120, user + "@" + DOMAIN, 980_000_000L + i));
        FreshJvm.Run r =
            FreshJvm.timed(
                List.of(lda.toString(), "-c", config.toString(), "-d", user, "-f", LmtpLoad.SENDER),
                message);
        if (r.exit() != 0) {
          throw new IOException("dovecot-lda failed (" + r.exit() + "): " + r.output().strip());
        }
        done.add(r);
      }
      return timings(done);
    } finally {
      Files.deleteIfExists(message);
    }
  }

  private static Timings timings(List<FreshJvm.Run> runs) {
    double[] wall = new double[runs.size()];
    double[] cpu = new double[runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      wall[i] = runs.get(i).wallSeconds();
      cpu[i] = runs.get(i).cpuSeconds();
    }
    return new Timings(wall, cpu);
  }
}
