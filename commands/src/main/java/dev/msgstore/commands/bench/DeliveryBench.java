package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Durable delivery through Store: body store, journal commit and projections, per message. */
final class DeliveryBench {
  record Figures(int writers, int messages, double seconds, double p50, double p99, long bytes) {
    double perSecond() {
      return messages / seconds;
    }
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
    pool.shutdown();
    Latencies all = Latencies.merge(lat);
    return new Figures(writers, messages, seconds, all.micros(0.5), all.micros(0.99), bytes);
  }
}
