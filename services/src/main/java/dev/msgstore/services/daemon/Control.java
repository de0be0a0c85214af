package dev.msgstore.services.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The control channel: a UNIX domain socket under {@code run/}, mode 0600 in a 0700 directory, so
 * only the store's owner reaches it. A request is one line ({@code status}, {@code start NAMES},
 * {@code stop NAMES}, {@code refreshed INDEX}, {@code counters [OBJECT]}, {@code reset OBJECT
 * COUNTER}, {@code connections}); the answer is {@code ok} or {@code error LINE}, then lines, then
 * the end of the connection.
 */
public final class Control implements AutoCloseable {
  private final Path socket;
  private final ServerSocketChannel server;
  private final Thread acceptor;

  private Control(Path socket, ServerSocketChannel server, Thread acceptor) {
    this.socket = socket;
    this.server = server;
    this.acceptor = acceptor;
  }

  /** Answers the words of each request with the lines of its answer (the first ok or error). */
  public static Control serve(Path socket, Function<List<String>, List<String>> answer)
      throws IOException {
    Files.deleteIfExists(socket); // left by a daemon that was killed: the caller holds the lock
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    Thread acceptor =
        Thread.ofPlatform()
            .name("msgstore-control")
            .daemon()
            .unstarted(
                () -> {
                  while (server.isOpen()) {
                    try {
                      SocketChannel c = server.accept();
                      Thread.ofVirtual()
                          .name("msgstore-control-request")
                          .start(() -> one(c, answer));
                    } catch (IOException e) {
                      return; // closed
                    }
                  }
                });
    acceptor.start();
    return new Control(socket, server, acceptor);
  }

  private static void one(SocketChannel c, Function<List<String>, List<String>> answer) {
    try (c;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(c)) {
      String line = in.readLine();
      List<String> words = line == null ? List.of() : List.of(line.strip().split("\\s+"));
      List<String> lines;
      try {
        lines = answer.apply(words);
      } catch (RuntimeException e) {
        lines = List.of("error " + e.getMessage());
      }
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  /**
   * Sends one request to the daemon listening on {@code socket} and returns its answer's lines;
   * fails when nothing listens there.
   */
  public static List<String> ask(Path socket, String request) throws IOException {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      Channels.newOutputStream(c).write((request + "\n").getBytes(StandardCharsets.UTF_8));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        lines.add(l);
      }
      return lines;
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      acceptor.join(1000);
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // the socket file goes with the next start
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
