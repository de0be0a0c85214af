package dev.msgstore.commands.bench;

import java.util.Arrays;

/** Per-operation latencies in nanoseconds, recorded by one thread each and merged. */
final class Latencies {
  private long[] samples = new long[1024];
  private int n;

  void record(long nanos) {
    if (n == samples.length) {
      samples = Arrays.copyOf(samples, n * 2);
    }
    samples[n++] = nanos;
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies p : parts) {
      for (int i = 0; i < p.n; i++) {
        all.record(p.samples[i]);
      }
    }
    Arrays.sort(all.samples, 0, all.n);
    return all;
  }

  int count() {
    return n;
  }

  /** The q-quantile (0..1) in microseconds, of sorted samples. */
  double micros(double q) {
    if (n == 0) {
      return 0;
    }
    int i = Math.min(n - 1, (int) Math.ceil(q * n) - 1);
    return samples[Math.max(0, i)] / 1000.0;
  }
}
