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
    out.flush();
  }

  private void line(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.write(CRLF);
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
    out.write(("* " + seq + " FETCH (").getBytes(StandardCharsets.US_ASCII));
    return new Fetch();
  }

  /** The items of a FETCH response being written; not for use after {@link #end}. */
  public final class Fetch {
    private boolean first = true;

    private void name(String name) throws IOException {
      if (!first) {
        out.write(' ');
      }
      first = false;
      out.write(name.getBytes(StandardCharsets.US_ASCII));
      out.write(' ');
    }

    public Fetch raw(String name, String value) throws IOException {
      synchronized (ResponseEncoder.this) {
        name(name);
        out.write(value.getBytes(StandardCharsets.UTF_8));
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
        out.write(((literal8 ? "~{" : "{") + size + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[(int) Math.min(Math.max(size, 1), 64 * 1024)];
        long left = size;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            throw new IOException("the message ended " + left + " bytes early");
          }
          out.write(buf, 0, n);
          left -= n;
        }
      }
      return this;
    }

    public void end() throws IOException {
      synchronized (ResponseEncoder.this) {
        out.write(')');
        out.write(CRLF);
      }
    }
  }

  private void write(FetchValue v) throws IOException {
    switch (v) {
      case FetchValue.Nil n -> out.write("NIL".getBytes(StandardCharsets.US_ASCII));
      case FetchValue.Num n ->
          out.write(Long.toString(n.value()).getBytes(StandardCharsets.US_ASCII));
      case FetchValue.Atom a -> out.write(a.value().getBytes(StandardCharsets.UTF_8));
      case FetchValue.Text t -> out.write(string(t.value()).getBytes(StandardCharsets.UTF_8));
      case FetchValue.Bytes b -> {
        out.write(("{" + b.value().length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b.value());
      }
      case FetchValue.Group g -> {
        out.write('(');
        List<FetchValue> items = g.items();
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            out.write(' ');
          }
          write(items.get(i));
        }
        out.write(')');
      }
    }
  }
}
