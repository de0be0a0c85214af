package dev.msgstore.services.lmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * DATA as {@link LmtpInput#readData} reads it, whatever the reads bring at once: the runs of plain
 * lines it copies whole when they are in its buffer must come out as the byte-by-byte reading of
 * RFC 5321's rules does (a leading "." dropped, a bare LF stored as CRLF, a CR not before an LF
 * kept, only CRLF "." CRLF ending the data), and the command after the data must be read next.
 */
class LmtpInputTest {
  private static final String[] PIECES = {
    "Subject: x",
    "abc",
    "a.b",
    ".",
    "..",
    "\r",
    "\n",
    "\r\n",
    "\r\n",
    "\r\n",
    ".\r\n",
    "\r\r\n",
    "0123456789abcdefghij",
    "\u00e9\u008a\013\u00ff\n\t" // 8-bit bytes, LF among them
  };

  @Test
  void dataReadsTheSameInAnyChunking() throws IOException {
    Random r = new Random(7);
    for (int round = 0; round < 3000; round++) {
      StringBuilder m = new StringBuilder();
      int pieces = r.nextInt(40);
      for (int i = 0; i < pieces; i++) {
        m.append(PIECES[r.nextInt(PIECES.length)]);
      }
      byte[] input = (m + "\r\n.\r\nMAIL FROM:<a@b>\r\n").getBytes(StandardCharsets.ISO_8859_1);
      ByteArrayOutputStream stored = new ByteArrayOutputStream();
      int after = reference(input, stored); // the data may end early: at any CRLF "." CRLF
      byte[] expected = stored.toByteArray();
      int lf = after;
      while (input[lf] != '\n') {
        lf++;
      }
      int eol = lf > after && input[lf - 1] == '\r' ? lf - 1 : lf; // the line without its end
      String nextLine = new String(input, after, eol - after, StandardCharsets.ISO_8859_1);
      for (int most : new int[] {1, 3, 64 * 1024}) {
        LmtpInput in = new LmtpInput(new Chunks(input, most, r), () -> {}, () -> {});
        MessageBuffer out = new MessageBuffer(new byte[0], Long.MAX_VALUE, null);
        assertEquals(LmtpInput.DataEnd.DOT, in.readData(out), m.toString());
        assertArrayEquals(
            expected, Arrays.copyOf(out.head(), out.headSize()), "reads of " + most + ": " + m);
        LmtpInput.Line next = in.readLine(512);
        assertEquals(nextLine, new String(next.bytes(), StandardCharsets.ISO_8859_1), m.toString());
      }
    }
  }

  /**
   * The rules, line by line: puts what the message stored holds for DATA's {@code input} to {@code
   * out}; returns where the input after the data's end starts.
   */
  private static int reference(byte[] input, ByteArrayOutputStream out) {
    boolean afterCrlf = true;
    int start = 0;
    while (true) {
      int lf = start;
      while (input[lf] != '\n') {
        lf++;
      }
      boolean crlf = lf > start && input[lf - 1] == '\r';
      int end = crlf ? lf - 1 : lf; // the line's content
      if (afterCrlf && crlf && end - start == 1 && input[start] == '.') {
        return lf + 1;
      }
      int from = start < end && input[start] == '.' ? start + 1 : start;
      out.write(input, from, end - from);
      out.write('\r');
      out.write('\n');
      afterCrlf = crlf;
      start = lf + 1;
    }
  }

  /** An input that hands out at most {@code most} bytes a read (a random number up to it). */
  private static final class Chunks extends InputStream {
    private final byte[] bytes;
    private final int most;
    private final Random random;
    private int pos;

    Chunks(byte[] bytes, int most, Random random) {
      this.bytes = bytes;
      this.most = most;
      this.random = random;
    }

    @Override
    public int read() {
      return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, bytes.length - pos), 1 + random.nextInt(most));
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
