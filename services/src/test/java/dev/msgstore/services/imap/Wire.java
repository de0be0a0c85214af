package dev.msgstore.services.imap;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw IMAP connection for tests that look at the exact lines: send bytes, read lines. */
final class Wire implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  Wire(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Connects, reads the greeting and logs in as {@code user} (password pw-user). */
  static Wire login(int port, String user) throws IOException {
    Wire w = new Wire(port);
    w.line();
    w.command("l1 LOGIN " + user + " pw-" + user);
    return w;
  }

  void send(String s) throws IOException {
    send(s.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  /** Sends {@code tag + " " + rest + CRLF} and returns every line up to the tagged one. */
  List<String> command(String line) throws IOException {
    send(line + "\r\n");
    return until(line.substring(0, line.indexOf(' ')));
  }

  /** Lines up to (and with) the one tagged {@code tag}. */
  List<String> until(String tag) throws IOException {
    List<String> lines = new ArrayList<>();
    for (; ; ) {
      String l = line();
      if (l == null) {
        throw new IOException("closed after " + lines);
      }
      lines.add(l);
      if (l.startsWith(tag + " ")) {
        return lines;
      }
    }
  }

  /** One line without its CRLF, or null at the end of the stream. */
  String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (; ; ) {
      int c = in.read();
      if (c < 0) {
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
      }
      if (c == '\n') {
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
  }

  OutputStream output() {
    return out;
  }

  void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
