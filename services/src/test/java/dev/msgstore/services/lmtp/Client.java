package dev.msgstore.services.lmtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw LMTP client: sends bytes as given, reads replies line by line (multi-line joined). */
final class Client implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  Client(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Connects and reads the greeting. */
  static Client greeted(int port) throws IOException {
    Client c = new Client(port);
    String g = c.reply();
    if (!g.startsWith("220 ")) {
      throw new AssertionError("greeting: " + g);
    }
    return c;
  }

  void send(String s) throws IOException {
    send(s.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  /** One line, without its CRLF; null when the server closed the connection. */
  String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] l = b.toByteArray();
        int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
        return new String(l, 0, n, StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    return null;
  }

  /** One reply: its last line (the code and text); a multi-line reply's other lines skipped. */
  String reply() throws IOException {
    String l;
    do {
      l = line();
      if (l == null) {
        return null;
      }
    } while (l.length() > 3 && l.charAt(3) == '-');
    return l;
  }

  /** Every line of one reply. */
  List<String> replyLines() throws IOException {
    List<String> lines = new ArrayList<>();
    String l;
    do {
      l = line();
      if (l == null) {
        return lines;
      }
      lines.add(l);
    } while (l.length() > 3 && l.charAt(3) == '-');
    return lines;
  }

  /** Sends a command line (CRLF added) and returns its reply. */
  String cmd(String line) throws IOException {
    send(line + "\r\n");
    return reply();
  }

  /** Whether the server closed the connection (reads to the end). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0 || in.readAllBytes().length >= 0;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
