package dev.msgstore.services.pop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A POP3 client by hand: one line out, the status line or a multi-line answer back. */
public final class PopClient implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  public final String greeting;

  public PopClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    out = socket.getOutputStream();
    greeting = in.readLine();
  }

  public String send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return in.readLine();
  }

  /** The lines of a multi-line answer after its +OK line, still byte-stuffed, without the ".". */
  public List<String> lines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String l = in.readLine(); !".".equals(l); l = in.readLine()) {
      if (l == null) {
        throw new IOException("the server closed inside a multi-line answer");
      }
      lines.add(l);
    }
    return lines;
  }

  public List<String> multi(String line) throws IOException {
    String status = send(line);
    if (!status.startsWith("+OK")) {
      throw new IOException(line + ": " + status);
    }
    return lines();
  }

  /** The next line the server sends, or null when it closed the connection. */
  public String line() throws IOException {
    return in.readLine();
  }

  public String login(String user) throws IOException {
    send("USER " + user);
    return send("PASS pw-" + user);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
