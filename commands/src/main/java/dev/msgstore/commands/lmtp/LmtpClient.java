package dev.msgstore.commands.lmtp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client side of LMTP (RFC 2033) over any byte streams: commands out, replies in, a message
 * sent with DATA (dot-stuffed) or BDAT (RFC 3030, as it is). Only the protocol: connecting, timing
 * and what a reply means are the caller's.
 */
public final class LmtpClient implements Closeable {
  /** Longest reply line read: a server that sends more is not speaking LMTP. */
  private static final int MAX_LINE = 4096;

  /** BDAT chunks of a streamed message. */
  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final OutputStream out;

  /** {@code in} and {@code out} should be buffered: replies are read a byte at a time. */
  public LmtpClient(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /**
   * One reply, all its lines.
   *
   * @param code the three-digit code
   * @param lines the text after each line's code and separator, in order
   */
  public record Reply(int code, List<String> lines) {
    public Reply {
      lines = List.copyOf(lines);
    }

    public boolean positive() {
      return code / 100 == 2;
    }

    public boolean temporary() {
      return code / 100 == 4;
    }

    /** The last line as the server sent it: {@code 250 2.1.5 OK}. */
    public String line() {
      return code + (lines.isEmpty() ? "" : " " + lines.get(lines.size() - 1));
    }

    /**
     * The enhanced status code (RFC 3463) that starts the last line, as {@code {class, subject,
     * detail}}, or null when there is none.
     */
    public int[] enhanced() {
      if (lines.isEmpty()) {
        return null;
      }
      String text = lines.get(lines.size() - 1);
      int space = text.indexOf(' ');
      String[] parts = (space < 0 ? text : text.substring(0, space)).split("\\.", -1);
      if (parts.length != 3) {
        return null;
      }
      try {
        int[] e = {
          Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])
        };
        return e[0] == code / 100 ? e : null;
      } catch (NumberFormatException notOne) {
        return null;
      }
    }

    /** Whether an LHLO reply lists {@code keyword} (PIPELINING, CHUNKING, ...). */
    public boolean hasExtension(String keyword) {
      for (int i = 1; i < lines.size(); i++) { // the first line is the server's name
        String l = lines.get(i).toUpperCase(Locale.ROOT);
        if (l.equals(keyword) || l.startsWith(keyword + " ")) {
          return true;
        }
      }
      return false;
    }
  }

  /** Writes a command line (CR LF added) without flushing: for pipelined commands. */
  public void send(String line) throws IOException {
    out.write(line.getBytes(StandardCharsets.UTF_8));
    out.write('\r');
    out.write('\n');
  }

  /** Sends what {@link #send} wrote. */
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes a command line and flushes it. */
  public void command(String line) throws IOException {
    send(line);
    out.flush();
  }

  /** Reads one reply (every line of a multi-line one). */
  public Reply reply() throws IOException {
    List<String> lines = new ArrayList<>(1);
    while (true) {
      String l = line();
      if (l.length() < 3 || !digits(l) || (l.length() > 3 && " -".indexOf(l.charAt(3)) < 0)) {
        throw new IOException("not an LMTP reply: '" + printable(l) + "'");
      }
      int code = Integer.parseInt(l.substring(0, 3));
      lines.add(l.length() > 4 ? l.substring(4) : "");
      if (l.length() == 3 || l.charAt(3) == ' ') {
        return new Reply(code, lines);
      }
    }
  }

  /** {@code r} when its code is {@code code}; else an {@link IOException} naming {@code what}. */
  public Reply expect(Reply r, int code, String what) throws IOException {
    if (r.code() != code) {
      throw new IOException(what + ": " + printable(r.line()));
    }
    return r;
  }

  /**
   * Sends {@code message} after a 354: dot-stuffed, bare LF and bare CR made CR LF (SMTP's line
   * end), a final line end added when missing, then the ending dot; flushes.
   */
  public void data(InputStream message) throws IOException {
    byte[] buf = new byte[CHUNK];
    int previous = -1;
    int n;
    while ((n = message.read(buf)) > 0) {
      previous = stuff(buf, n, previous);
    }
    end(previous);
  }

  /** As {@link #data(InputStream)}, of bytes in memory (read in place, not copied). */
  public void data(byte[] message) throws IOException {
    end(stuff(message, message.length, -1));
  }

  /**
   * Writes {@code buf[0..n)} dot-stuffed with its line ends made CR LF, after a chunk whose last
   * byte was {@code previous} (-1: none, the message starts here); returns this chunk's last byte.
   * Bytes that need nothing done go out as runs, one write each, not one write a byte: the bench's
   * load generator sends every message through here, on the cores the server uses.
   */
  private int stuff(byte[] buf, int n, int previous) throws IOException {
    boolean lineStart = previous == -1 || previous == '\n';
    int run = 0;
    for (int i = 0; i < n; i++) {
      int b = buf[i] & 0xff;
      if (previous != '\r' && b != '\r' && b != '\n' && !(lineStart && b == '.')) {
        lineStart = false;
        previous = b;
        continue;
      }
      out.write(buf, run, i - run);
      run = i + 1;
      if (previous == '\r' && b != '\n') {
        out.write('\n'); // a bare CR ends its line
        lineStart = true;
      }
      if (b == '\n' && previous != '\r') {
        out.write('\r');
      }
      if (lineStart && b == '.') {
        out.write('.');
      }
      out.write(b);
      lineStart = b == '\n';
      previous = b;
    }
    out.write(buf, run, n - run);
    return previous;
  }

  /** The message's last line end if it lacks one, then the ending dot; flushes. */
  private void end(int previous) throws IOException {
    if (previous == '\r') {
      out.write('\n');
    } else if (previous != '\n' && previous != -1) {
      out.write('\r');
      out.write('\n');
    }
    out.write(DOT);
    out.flush();
  }

  private static final byte[] DOT = {'.', '\r', '\n'};

  /**
   * Sends {@code message} byte for byte in BDAT chunks (RFC 3030), the last marked LAST, reading
   * the reply to each chunk but the last; returns the first chunk reply that was not 250 (the
   * server then dropped the message: no LAST follows) or null when every chunk was taken. The
   * replies to LAST, one per accepted recipient, are the caller's to read.
   */
  public Reply bdat(InputStream message) throws IOException {
    byte[] chunk = message.readNBytes(CHUNK);
    while (true) {
      byte[] next = chunk.length < CHUNK ? new byte[0] : message.readNBytes(CHUNK);
      boolean last = next.length == 0;
      send("BDAT " + chunk.length + (last ? " LAST" : ""));
      out.write(chunk);
      out.flush();
      if (last) {
        return null;
      }
      Reply r = reply();
      if (r.code() != 250) {
        return r;
      }
      chunk = next;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream l = new ByteArrayOutputStream(80);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(
            l.size() == 0 ? "the server closed the connection" : "the server closed mid-line");
      }
      if (b == '\n') {
        byte[] bytes = l.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      if (l.size() == MAX_LINE) {
        throw new IOException("a reply line longer than " + MAX_LINE + " bytes");
      }
      l.write(b);
    }
  }

  private static boolean digits(String l) {
    for (int i = 0; i < 3; i++) {
      if (l.charAt(i) < '0' || l.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length() && b.length() < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      in.close();
    }
  }
}
