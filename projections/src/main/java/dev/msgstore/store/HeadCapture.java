package dev.msgstore.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a stream through while keeping its first bytes, where the header is: up to the blank line
 * that ends the header, or {@code limit} bytes when none comes before (not the whole body).
 */
final class HeadCapture extends FilterInputStream {
  private final int limit;
  private byte[] head = new byte[8192];
  private int captured;
  private boolean headerEnded; // the blank line is in head: nothing more is kept

  HeadCapture(InputStream in, int limit) {
    super(in);
    this.limit = limit;
  }

  private void keep(byte[] b, int off, int n) {
    int room = Math.min(n, limit - captured);
    // A read brings the whole message at once when it is in memory: it is kept a slice at a
    // time, up to the slice where the header ends, rather than copied whole (body and all).
    for (int done = 0; done < room && !headerEnded; ) {
      int slice = Math.min(room - done, SLICE);
      if (captured + slice > head.length) {
        head =
            java.util.Arrays.copyOf(
                head, Math.min(limit, Math.max(head.length * 2, captured + slice)));
      }
      System.arraycopy(b, off + done, head, captured, slice);
      // A line end before these bytes whose blank line they complete is found too: look from two
      // bytes back (MessageHeaders.headerEnd's longest pattern is three bytes).
      headerEnded =
          MessageHeaders.headerEnd(head, Math.max(0, captured - 2), captured + slice) >= 0;
      captured += slice;
      done += slice;
    }
  }

  /** How much is kept at a time before looking for the header's end: a usual header's size. */
  private static final int SLICE = 2048;

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      keep(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      keep(b, off, n);
    }
    return n;
  }

  MessageHeaders headers() {
    return MessageHeaders.scan(head, captured);
  }
}
