package dev.msgstore.commands.bench;

import java.util.Random;

/**
 * Message sizes between 2 and 50 KB, log-normal with a median of about 5 KB: most mail is small, a
 * tail is large.
 */
final class BodySizes {
  private static final double MU = Math.log(5 * 1024);
  private static final double SIGMA = 0.6;
  private final Random rnd;

  BodySizes(long seed) {
    rnd = new Random(seed);
  }

  int next() {
    double v = Math.exp(MU + SIGMA * rnd.nextGaussian());
    return (int) Math.max(2 * 1024, Math.min(50 * 1024, v));
  }

  /** Printable text lines, made once: message bodies are slices of it. */
  private static final byte[] TEXT = text(128 * 1024);

  /**
   * A message of about {@code size} bytes: a header unique to {@code unique} (so every message has
   * its own digest), then a slice of printable text. Cheap to make, so that the bench measures the
   * store, not the generator.
   */
  static byte[] message(int size, String to, long unique) {
    String header =
        "From: bench@example.com\r\nTo: "
            + to
            + "\r\nSubject: bench "
            + unique
            + "\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\nMessage-ID: <"
            + unique
            + "@bench.example.com>\r\n\r\n";
    byte[] h = header.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int bodyBytes = Math.max(2, Math.min(size - h.length, TEXT.length));
    byte[] out = new byte[h.length + bodyBytes];
    System.arraycopy(h, 0, out, 0, h.length);
    int from = (int) Math.floorMod(unique * 7919, (long) (TEXT.length - bodyBytes + 1));
    System.arraycopy(TEXT, from, out, h.length, bodyBytes);
    return out;
  }

  private static byte[] text(int n) {
    byte[] out = new byte[n];
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < n; i++) {
      if (i % 78 == 76) {
        out[i] = '\r';
      } else if (i % 78 == 77) {
        out[i] = '\n';
      } else {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        out[i] = (byte) ('a' + Math.floorMod(x, 26));
      }
    }
    return out;
  }
}
