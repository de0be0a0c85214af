package dev.msgstore.services.imap.response;

import dev.msgstore.services.imap.message.FetchValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every byte the server sends goes through here (RFC 3501 section 7): status responses, untagged
 * data, continuation requests, and the values inside them, strings quoted or as literals as their
 * characters need. Writes are buffered until {@link #flush}; the methods are synchronized so that
 * an IDLE's pushes and the session's answers never interleave inside a line.
 */
public final class ResponseEncoder {
  private final OutputStream out;

  /**
   * The encoder's own buffer, under its monitor: a BufferedOutputStream takes a lock on every
   * write, and a FETCH response is many small ones. Characters go in as bytes without a String's
   * getBytes, UTF-8 when one is past ASCII.
   */
  private final byte[] buf = new byte[32 * 1024];

  private int count;

  /** {@code out}: the connection's stream, unbuffered (this encoder buffers it). */
  public ResponseEncoder(OutputStream out) {
    this.out = out;
  }

  public synchronized void tagged(String tag, String status, String text) throws IOException {
    line(tag + " " + status + " " + text);
  }

  public synchronized void untagged(String text) throws IOException {
    line("* " + text);
  }

  public synchronized void continuation(String text) throws IOException {
    line("+ " + text);
    flush();
  }

  public synchronized void flush() throws IOException {
    drain();
    out.flush();
  }

  private void line(String text) throws IOException {
    put(text);
    put(CRLF, 0, 2);
  }

  private void drain() throws IOException {
    if (count > 0) {
      out.write(buf, 0, count);
      count = 0;
    }
  }

  private void put(int b) throws IOException {
    if (count == buf.length) {
      drain();
    }
    buf[count++] = (byte) b;
  }

  private void put(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - count) {
      drain();
      if (len >= buf.length) {
        out.write(b, off, len);
        return;
      }
    }
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  /** {@code s} in UTF-8 (ASCII byte for byte, as nearly every response is). */
  private void put(String s) throws IOException {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
        put(rest, 0, rest.length);
        return;
      }
      put(c);
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  /**
   * A string as IMAP writes it: quoted when it is short, 7-bit, without CR, LF or NUL, else a
   * literal. {@code null} is NIL.
   */
  public static String string(String s) {
    if (s == null) {
      return "NIL";
    }
    if (quotable(s)) {
      StringBuilder b = new StringBuilder(s.length() + 2).append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          b.append('\\');
        }
        b.append(c);
      }
      return b.append('"').toString();
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return "{" + bytes.length + "}\r\n" + s;
  }

  /** An astring: an atom when the string is one, else {@link #string}. */
  public static String astring(String s) {
    if (!s.isEmpty() && s.chars().allMatch(ResponseEncoder::isAtomChar)) {
      return s;
    }
    return string(s);
  }

  private static boolean isAtomChar(int c) {
    return c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
  }

  private static boolean quotable(String s) {
    if (s.length() > 1000) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** One FETCH response: {@code * n FETCH (items)}; {@link Fetch#end} ends it. */
  public synchronized Fetch fetch(long seq) throws IOException {
    put("* ");
    put(Long.toString(seq));
    put(" FETCH (");
    return new Fetch();
  }

  /** The items of a FETCH response being written; not for use after {@link #end}. */
  public final class Fetch {
    private boolean first = true;

    private void name(String name) throws IOException {
      if (!first) {
        put(' ');
      }
      first = false;
      put(name);
      put(' ');
    }

    public Fetch raw(String name, String value) throws IOException {
      synchronized (ResponseEncoder.this) {
        name(name);
        put(value);
      }
      return this;
    }

    public Fetch value(String name, FetchValue value) throws IOException {
      synchronized (ResponseEncoder.this) {
        name(name);
        write(value);
      }
      return this;
    }

    /** A literal of {@code size} bytes read from {@code in} (which must hold that many). */
    public Fetch literal(String name, long size, InputStream in) throws IOException {
      return literal(name, size, in, false);
    }

    /** As {@link #literal}, or a literal8 ({@code ~{n}}, RFC 3516) for data that holds NUL. */
    public Fetch literal(String name, long size, InputStream in, boolean literal8)
        throws IOException {
      synchronized (ResponseEncoder.this) {
        name(name);
        put((literal8 ? "~{" : "{") + size + "}\r\n");
        byte[] chunk = new byte[(int) Math.min(Math.max(size, 1), 64 * 1024)];
        long left = size;
        while (left > 0) {
          int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
          if (n < 0) {
            throw new IOException("the message ended " + left + " bytes early");
          }
          put(chunk, 0, n);
          left -= n;
        }
      }
      return this;
    }

    public void end() throws IOException {
      synchronized (ResponseEncoder.this) {
        put(')');
        put(CRLF, 0, 2);
      }
    }
  }

  private void write(FetchValue v) throws IOException {
    switch (v) {
      case FetchValue.Nil n -> put("NIL");
      case FetchValue.Num n -> put(Long.toString(n.value()));
      case FetchValue.Atom a -> put(a.value());
      case FetchValue.Text t -> put(string(t.value()));
      case FetchValue.Bytes b -> {
        put("{" + b.value().length + "}\r\n");
        put(b.value(), 0, b.value().length);
      }
      case FetchValue.Group g -> {
        put('(');
        List<FetchValue> items = g.items();
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            put(' ');
          }
          write(items.get(i));
        }
        put(')');
      }
    }
  }
}
