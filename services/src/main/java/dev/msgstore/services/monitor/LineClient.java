package dev.msgstore.services.monitor;

import dev.msgstore.services.tls.ClientTls;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/** A line-based protocol connection (SMTP, LMTP, IMAP, POP3), plaintext or TLS, with a timeout. */
final class LineClient implements AutoCloseable {
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;
  private final String host;

  LineClient(String host, int port, int timeoutMillis, SSLSocketFactory tls) throws IOException {
    this.host = host;
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), timeoutMillis);
    s.setSoTimeout(timeoutMillis);
    socket = tls == null ? s : ClientTls.handshake(tls, s, host);
    streams();
  }

  private void streams() throws IOException {
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    out = socket.getOutputStream();
  }

  /** STARTTLS/STLS after the server said go: the handshake, then new streams. */
  void startTls(SSLSocketFactory tls) throws IOException {
    socket = ClientTls.handshake(tls, socket, host);
    streams();
  }

  String line() throws IOException {
    String l = in.readLine();
    if (l == null) {
      throw new EOFException("the server closed the connection");
    }
    return l;
  }

  /**
   * An SMTP/LMTP reply: its lines until the one without "-" after the code; the last is returned.
   */
  String reply() throws IOException {
    String l = line();
    while (l.length() > 3 && l.charAt(3) == '-') {
      l = line();
    }
    return l;
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
