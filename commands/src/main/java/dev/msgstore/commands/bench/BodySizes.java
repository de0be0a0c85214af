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

  /** A message of about {@code size} bytes: a header, then printable text that differs per seed. */
  static byte[] message(int size, String to, long unique) {
    String header =
        "From: bench@example.com\r\nTo: "
            + to
            + "\r\nSubject: bench "
            + unique
            + "\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\nMessage-ID: <"
            + unique
            + "@bench.example.com>\r\n\r\n";
    byte[] out = new byte[Math.max(size, header.length() + 2)];
    byte[] h = header.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(h, 0, out, 0, h.length);
    long x = unique * 0x9E3779B97F4A7C15L + 1;
    for (int i = h.length; i < out.length; i++) {
      if ((i - h.length) % 78 == 76) {
        out[i] = '\r';
      } else if ((i - h.length) % 78 == 77) {
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
