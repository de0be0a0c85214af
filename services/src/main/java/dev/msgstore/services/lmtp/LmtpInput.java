package dev.msgstore.services.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A session's input, buffered: command lines, DATA (dot-stuffed, RFC 5321 4.5.2) and BDAT chunks
 * (counted octets, RFC 3030). Before it waits for the client it runs {@code beforeWait}, which
 * sends the replies held back for PIPELINING (RFC 2920: replies go out when the server would
 * otherwise wait for input), and {@code afterWait} once bytes came.
 */
final class LmtpInput {
  /** A command line without its line end; {@code tooLong} when it was cut at the limit. */
  record Line(byte[] bytes, boolean tooLong) {}

  /** How DATA ended: its terminating line, or the connection closing before it. */
  enum DataEnd {
    DOT,
    EOF
  }

  private final InputStream in;
  private final Runnable beforeWait;
  private final Runnable afterWait;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;

  LmtpInput(InputStream in, Runnable beforeWait, Runnable afterWait) {
    this.in = in;
    this.beforeWait = beforeWait;
    this.afterWait = afterWait;
  }

  /** False at the end of input. */
  private boolean fill() throws IOException {
    if (pos < lim) {
      return true;
    }
    beforeWait.run();
    int n;
    try {
      n = in.read(buf, 0, buf.length);
    } finally {
      afterWait.run();
    }
    if (n <= 0) {
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }

  /** Whether the client has sent more than this server has read (pipelined commands). */
  boolean buffered() {
    return pos < lim;
  }

  /**
   * The next command line: up to LF, a CR just before the LF dropped (a bare LF ends a command line
   * too, as Dovecot and Postfix accept), at most {@code max} bytes kept; null when the input ends
   * first (a last line without its line end is not a command).
   */
  Line readLine(int max) throws IOException {
    byte[] line = new byte[Math.min(max, 256)];
    int n = 0;
    boolean tooLong = false;
    while (true) {
      if (!fill()) {
        return null;
      }
      int start = pos;
      int lf = -1;
      for (int i = pos; i < lim; i++) {
        if (buf[i] == '\n') {
          lf = i;
          break;
        }
      }
      int end = lf < 0 ? lim : lf;
      int take = end - start;
      if (!tooLong) {
        if (n + take > max + 1) { // + 1: room for the CR of a line exactly max long
          tooLong = true;
        } else {
          if (n + take > line.length) {
            line = Arrays.copyOf(line, Math.min(max + 1, Math.max(line.length * 2, n + take)));
          }
          System.arraycopy(buf, start, line, n, take);
          n += take;
        }
      }
      pos = lf < 0 ? lim : lf + 1;
      if (lf >= 0) {
        break;
      }
    }
    if (!tooLong && n > 0 && line[n - 1] == '\r') {
      n--;
    }
    if (n > max) {
      tooLong = true;
    }
    return new Line(tooLong ? new byte[0] : Arrays.copyOf(line, n), tooLong);
  }

  /**
   * Reads DATA up to its end, the line "." after a CRLF, into {@code out}, undoing the dot-stuffing
   * (a leading "." of a line is dropped). Line ends go to {@code out} as CRLF: a bare LF is taken
   * as the client's line end (Postfix's {@code smtpd_forbid_bare_newline = normal}), but only CRLF
   * "." CRLF ends the data, so that no bare LF can end a message early (SMTP smuggling,
   * CVE-2023-51764). A CR not before an LF is data.
   */
  DataEnd readData(MessageBuffer out) throws IOException {
    int state = LINE_START;
    boolean afterCrlf = true; // the line after the 354 reply starts after a CRLF
    while (true) {
      if (!fill()) {
        return DataEnd.EOF;
      }
      while (pos < lim) {
        if (state == LINE_START) {
          // The usual lines, ended by CRLF and not starting with ".", go out as they came: the
          // buffer's run of them is one copy (the state machine below would write each line in
          // pieces and each line end byte by byte). It stops before any other line.
          int end = plainLines(pos);
          if (end > pos) {
            out.write(buf, pos, end - pos);
            pos = end;
            afterCrlf = true;
            continue;
          }
        }
        if (state == MID) {
          // Within a line only CR and LF matter: the bytes up to the next one go out at once.
          int start = pos;
          while (pos < lim && buf[pos] != '\r' && buf[pos] != '\n') {
            pos++;
          }
          if (pos > start) {
            out.write(buf, start, pos - start);
          }
          if (pos == lim) {
            break;
          }
        }
        byte b = buf[pos++];
        switch (state) {
          case LINE_START -> {
            if (b == '.') {
              state = DOT;
            } else {
              state = mid(b, out);
              afterCrlf = state == LINE_START ? false : afterCrlf;
            }
          }
          case DOT -> {
            if (b == '\r') {
              state = DOT_CR;
            } else {
              state = mid(b, out); // the stuffed dot is dropped
              afterCrlf = state == LINE_START ? false : afterCrlf;
            }
          }
          case DOT_CR -> {
            if (b == '\n' && afterCrlf) {
              return DataEnd.DOT;
            }
            out.write('\r');
            if (b == '\n') {
              out.write('\n');
              afterCrlf = true;
              state = LINE_START;
            } else {
              state = b == '\r' ? MID_CR : mid(b, out);
              afterCrlf = state == LINE_START ? false : afterCrlf;
            }
          }
          case MID -> {
            state = mid(b, out);
            afterCrlf = state == LINE_START ? false : afterCrlf;
          }
          case MID_CR -> {
            if (b == '\n') {
              out.write('\r');
              out.write('\n');
              afterCrlf = true;
              state = LINE_START;
            } else if (b == '\r') {
              out.write('\r'); // a CR that is data; the new one may still end the line
            } else {
              out.write('\r');
              state = mid(b, out);
              afterCrlf = state == LINE_START ? false : afterCrlf;
            }
          }
          default -> throw new IllegalStateException("state " + state);
        }
      }
    }
  }

  /**
   * Where the lines from {@code from} (a line's start) that are whole in the buffer, end with CRLF
   * and do not start with "." end: what the data's state machine would copy unchanged (a CR within
   * such a line is data either way). {@code from} when the first line is not one of them.
   */
  private int plainLines(int from) {
    int end = from;
    int p = from;
    while (p < lim && buf[p] != '.') {
      int lf = lineFeed(p);
      if (lf == lim || lf == p || buf[lf - 1] != '\r') {
        break; // not whole here, or a bare LF
      }
      p = lf + 1;
      end = p;
    }
    return end;
  }

  /**
   * The first LF in the buffer at or after {@code from}, or {@code lim}: eight bytes at a time (a
   * message is mostly bytes that are not LF, and this scan is most of what reading DATA costs).
   */
  private int lineFeed(int from) {
    int i = from;
    while (i + Long.BYTES <= lim) {
      // the bytes that are LF become zero; the lowest byte flagged here is the first zero byte
      long x = (long) LONGS.get(buf, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
      i += Long.BYTES;
    }
    while (i < lim && buf[i] != '\n') {
      i++;
    }
    return i;
  }

  /** The buffer read as longs, least significant byte first (the first byte's is bit 0). */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int LINE_START = 0;
  private static final int DOT = 1;
  private static final int DOT_CR = 2;
  private static final int MID = 3;
  private static final int MID_CR = 4;

  /** One byte inside a line; a bare LF ends it (written as CRLF). */
  private static int mid(byte b, MessageBuffer out) {
    if (b == '\r') {
      return MID_CR;
    }
    if (b == '\n') {
      out.write('\r');
      out.write('\n');
      return LINE_START;
    }
    out.write(b);
    return MID;
  }

  /** Reads exactly {@code size} bytes (a BDAT chunk) into {@code out}; false if the input ends. */
  boolean readChunk(long size, MessageBuffer out) throws IOException {
    long left = size;
    while (left > 0) {
      if (!fill()) {
        return false;
      }
      int n = (int) Math.min(left, lim - pos);
      out.write(buf, pos, n);
      pos += n;
      left -= n;
    }
    return true;
  }
}
