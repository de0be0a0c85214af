package dev.msgstore.journal.body;

import java.io.InputStream;
import java.security.MessageDigest;

/** A deterministic pseudo-random stream of {@code size} bytes: big bodies without big arrays. */
final class GeneratedInputStream extends InputStream {
  private final long size;
  private long pos;
  private long state;

  GeneratedInputStream(long size, long seed) {
    this.size = size;
    this.state = seed ^ 0x9E3779B97F4A7C15L;
  }

  /** The SHA-256 of what a stream with these parameters yields. */
  static Digest digestOf(long size, long seed) {
    MessageDigest sha = Digest.newSha256();
    byte[] buf = new byte[1 << 16];
    GeneratedInputStream in = new GeneratedInputStream(size, seed);
    int n;
    while ((n = in.read(buf, 0, buf.length)) >= 0) {
      sha.update(buf, 0, n);
    }
    return Digest.of(sha.digest());
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (pos >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - pos);
    for (int i = 0; i < n; i++) {
      if (((pos + i) & 7) == 0) {
        state ^= state << 13; // xorshift64: fast and the same on every run
        state ^= state >>> 7;
        state ^= state << 17;
      }
      b[off + i] = (byte) (state >>> (((pos + i) & 7) * 8));
    }
    pos += n;
    return n;
  }

  @Override
  public void close() {}
}
