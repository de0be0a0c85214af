package dev.msgstore.services.imap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A line-by-line IMAP client for tests that need the exact responses: {@link #command} sends one
 * command and returns every line up to and including its tagged status.
 */
final class RawImap implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private final String greeting;
  private int tags;

  RawImap(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
    greeting = in.readLine();
  }

  /** Connects and logs in as {@code user} with the test password {@code pw-<user>}. */
  static RawImap login(int port, String user) throws IOException {
    return login(port, user, "pw-" + user);
  }

  /** Connects and logs in as {@code user} with {@code password}. */
  static RawImap login(int port, String user, String password) throws IOException {
    RawImap c = new RawImap(port);
    String status = c.status("LOGIN " + user + " " + password);
    if (!status.startsWith("OK")) {
      c.close();
      throw new IOException("login as " + user + ": " + status);
    }
    return c;
  }

  String greeting() {
    return greeting;
  }

  /** The untagged lines and, last, the tagged status line without its tag. */
  List<String> command(String command) throws IOException {
    String tag = "t" + ++tags;
    out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    List<String> lines = new ArrayList<>();
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith(tag + " ")) {
        lines.add(line.substring(tag.length() + 1));
        return lines;
      }
      lines.add(line);
    }
    lines.add("(connection closed)");
    return lines;
  }

  /** The tagged status of {@code command} (e.g. "OK SETACL completed"). */
  String status(String command) throws IOException {
    List<String> lines = command(command);
    return lines.get(lines.size() - 1);
  }

  /** The first untagged line of {@code command} that starts with {@code prefix}, or null. */
  String untagged(String command, String prefix) throws IOException {
    for (String line : command(command)) {
      if (line.startsWith("* " + prefix)) {
        return line;
      }
    }
    return null;
  }

  /** The next line the server sends unasked (a BYE), or null when it closes the connection. */
  String readLine() throws IOException {
    return in.readLine();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
