package dev.msgstore.services.imscripter;

import dev.msgstore.services.tls.ClientTls;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small IMAP4rev1 client (RFC 3501) as imscripter needs it: one tagged command at a time, its
 * untagged responses and its completion, literals in responses read whole and kept in the line.
 * Tags are the command's number ("1", "2", ...), as imscripter shows them.
 */
public final class ImapClient implements AutoCloseable {
  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

  /** What the server answered one command: untagged lines, then the tagged completion. */
  public record Answer(int tag, String command, List<String> untagged, String completion) {
    /** OK, NO or BAD: the completion's status word. */
    public String status() {
      int space = completion.indexOf(' ');
      return space < 0 ? completion : completion.substring(0, space);
    }
  }

  /** How the connection is protected: not at all, STARTTLS after the greeting, or TLS at once. */
  public enum Security {
    NONE,
    STARTTLS,
    IMPLICIT
  }

  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final String greeting;
  private int tag;

  private ImapClient(Socket socket) throws IOException {
    this.socket = socket;
    streams();
    String g = readResponse();
    if (!g.startsWith("* ")) {
      throw new IOException("not an IMAP greeting: " + g);
    }
    this.greeting = g.substring(2);
  }

  private void streams() throws IOException {
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
  }

  /**
   * Connects; with STARTTLS, the command is sent after the greeting (as tag 1) and the session goes
   * on over TLS, or fails here when the server refuses it.
   */
  public static ImapClient connect(
      String host, int port, int timeoutMillis, Security security, SSLSocketFactory tls)
      throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), timeoutMillis);
    s.setSoTimeout(timeoutMillis);
    if (security == Security.IMPLICIT) {
      s = ClientTls.handshake(tls, s, host);
    }
    ImapClient c = new ImapClient(s);
    if (security == Security.STARTTLS) {
      try {
        Answer a = c.send("STARTTLS");
        if (!a.status().equals("OK")) {
          throw new IOException("the server refused STARTTLS: " + a.completion());
        }
        c.socket = ClientTls.handshake(tls, c.socket, host);
        c.streams();
      } catch (IOException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /** The greeting without its "* ". */
  public String greeting() {
    return greeting;
  }

  /** The number the next command gets. */
  public int nextTag() {
    return tag + 1;
  }

  /** Sends {@code command} (without a tag) and reads until its completion. */
  public Answer send(String command) throws IOException {
    int t = ++tag;
    out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    List<String> untagged = new ArrayList<>();
    String prefix = t + " ";
    while (true) {
      String r = readResponse();
      if (r.startsWith(prefix)) {
        return new Answer(t, command, List.copyOf(untagged), r.substring(prefix.length()));
      }
      if (r.startsWith("+")) {
        // a continuation imscripter cannot satisfy (a raw literal): cancel it, as AUTHENTICATE
        out.write("*\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        continue;
      }
      untagged.add(r.startsWith("* ") ? r.substring(2) : r);
    }
  }

  /** One response: a line, and when it ends in a literal, the literal and the rest, joined. */
  private String readResponse() throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      String line = readLine();
      b.append(line);
      Matcher m = LITERAL.matcher(line);
      if (!m.find()) {
        return b.toString();
      }
      byte[] literal = in.readNBytes(Integer.parseInt(m.group(1)));
      b.append("\r\n").append(new String(literal, StandardCharsets.UTF_8));
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the server closed the connection");
      }
      line.write(c);
    }
    byte[] bytes = line.toByteArray();
    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  /** An IMAP astring: atom when it can be, else a quoted string. */
  public static String quoted(String s) {
    if (!s.isEmpty()
        && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && "(){ %*\"\\]".indexOf(c) < 0)) {
      return s;
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
