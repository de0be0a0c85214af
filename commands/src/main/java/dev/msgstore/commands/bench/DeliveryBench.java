package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Durable delivery through Store: body store, journal commit and projections, per message. */
final class DeliveryBench {
  /**
   * One run's figures. {@code cpuNanos} is the whole process's CPU time (user and system, every
   * thread: writers, the store's threads, GC and JIT) during the run; the fsync figures count the
   * journal's and the delivery partition's body store's fsyncs, and the wall time they took.
   */
  record Figures(
      int writers,
      int messages,
      double seconds,
      double p50,
      double p99,
      long bytes,
      long cpuNanos,
      long commits,
      Syncs journal,
      Syncs bodies,
      Map<String, Double> cpuByKind) {
    double perSecond() {
      return messages / seconds;
    }

    double cpuMicrosPerMessage() {
      return cpuNanos / 1e3 / messages;
    }

    double commitsPerJournalSync() {
      return journal.count() == 0 ? 0 : (double) commits / journal.count();
    }

    /** CPU µs a message by kind of thread (writers, the store's threads, JIT, GC, other). */
    String cpuByKindPerMessage() {
      StringBuilder b = new StringBuilder();
      cpuByKind.forEach(
          (kind, seconds) -> {
            if (seconds * 1e6 / messages >= 1) {
              b.append(b.isEmpty() ? "" : ", ")
                  .append(String.format("%s %,.0f", kind, seconds * 1e6 / messages));
            }
          });
      return b.toString();
    }

    /** The share of the run's wall time an fsync of that stream was running. */
    double busy(Syncs s) {
      return s.nanos() / (seconds * 1e9);
    }
  }

  /** fsyncs run and the wall time they took, together. */
  record Syncs(long count, long nanos) {
    Syncs minus(Syncs before) {
      return new Syncs(count - before.count, nanos - before.nanos);
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Syncs journalSyncs(Store s) {
    return new Syncs(s.journal().syncCount(), s.journal().syncNanos());
  }

  private static Syncs bodySyncs(Store s) {
    BodyStore b = s.bodies(s.partitionOf("user/u1/INBOX"));
    return new Syncs(b.syncCount(), b.syncNanos());
  }

  static void provision(Store s, int users) {
    Author a = Author.of("bench", "msgstore bench");
    for (int u = 1; u <= users; u++) {
      s.execute(a, new CreateMailbox("user/u" + u + "/INBOX", null));
    }
  }

  static Figures run(Store s, int users, int writers, int messages, long seed) throws Exception {
    Author a = Author.of("bench", "msgstore bench");
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<long[]>> fs = new ArrayList<>();
    List<Latencies> lat = new ArrayList<>();
    Syncs journal0 = journalSyncs(s);
    Syncs bodies0 = bodySyncs(s);
    long commits0 = s.journal().stats().commits();
    ThreadCpu threads0 = ThreadCpu.read(DeliveryBench::kindOf);
    long cpu0 = processCpuNanos();
    long start = System.nanoTime();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Latencies l = new Latencies();
      lat.add(l);
      fs.add(
          pool.submit(
              () -> {
                BodySizes sizes = new BodySizes(seed + writer);
                long bytes = 0;
                for (int i = writer; i < messages; i += writers) {
                  int user = 1 + Math.floorMod((int) (i * 2654435761L), users);
                  byte[] msg =
                      BodySizes.message(sizes.next(), "u" + user, seed * 1_000_000_000L + i);
                  long t0 = System.nanoTime();
                  s.append(
                      a,
                      "user/u" + user + "/INBOX",
                      new ByteArrayInputStream(msg),
                      AppendOptions.DEFAULT);
                  l.record(System.nanoTime() - t0);
                  bytes += msg.length;
                }
                return new long[] {bytes};
              }));
    }
    long bytes = 0;
    for (Future<long[]> f : fs) {
      bytes += f.get()[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpu = processCpuNanos() - cpu0;
    Map<String, Double> cpuByKind = ThreadCpu.read(DeliveryBench::kindOf).since(threads0);
    pool.shutdown();
    Latencies all = Latencies.merge(lat);
    return new Figures(
        writers,
        messages,
        seconds,
        all.micros(0.5),
        all.micros(0.99),
        bytes,
        cpu,
        s.journal().stats().commits() - commits0,
        journalSyncs(s).minus(journal0),
        bodySyncs(s).minus(bodies0),
        cpuByKind);
  }

  /** The kind of a thread of this process, from its OS name (Java's, cut to 15 characters). */
  private static String kindOf(String osName) {
    if (osName.startsWith("pool-")) {
      return "writers";
    } else if (osName.startsWith("msgstore-sequen")) {
      return "sequencer";
    } else if (osName.startsWith("body-")) {
      return "body index";
    } else if (osName.startsWith("C1 ") || osName.startsWith("C2 ")) {
      return "JIT";
    } else if (osName.startsWith("GC ") || osName.startsWith("G1 ")) {
      return "GC";
    } else if (osName.startsWith("ForkJoinPool")) {
      return "virtual threads";
    }
    return "other";
  }
}
