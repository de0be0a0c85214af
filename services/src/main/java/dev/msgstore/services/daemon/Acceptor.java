package dev.msgstore.services.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A component's bound listening socket and the platform thread accepting on it. Each connection is
 * served on a virtual thread of its own, named after the client, and its socket is closed when the
 * service returns, whatever happened. imap and pop (plain and implicit TLS) share it.
 */
public final class Acceptor {
  private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

  /** What a component does with one accepted connection, on that connection's virtual thread. */
  @FunctionalInterface
  public interface Service {
    void serve(Socket socket) throws IOException;
  }

  private final String component;
  private final ServerSocket socket;
  private final String url;
  private final Thread thread;
  private volatile boolean closing;

  private Acceptor(String component, String scheme, ServerSocket socket, Service service) {
    this.component = component;
    this.socket = socket;
    // a URL: serve, start-msg and msprobe read host and port from it
    this.url = scheme + "://" + hostPort(socket.getInetAddress(), socket.getLocalPort());
    this.thread =
        Thread.ofPlatform()
            .name("msgstore-" + scheme + "-accept")
            .daemon()
            .start(() -> accept(service));
  }

  /** Starts accepting on {@code socket} (already bound) for {@code component}. */
  public static Acceptor start(
      String component, String scheme, ServerSocket socket, Service service) {
    return new Acceptor(component, scheme, socket, service);
  }

  /** A plain listening socket on {@code host:port}, reusing the address, with a backlog of 128. */
  public static ServerSocket bind(InetAddress host, int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(host, port), 128);
    return s;
  }

  private void accept(Service service) {
    while (!closing) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.error("{}: accepting connections failed: {}", component, e.toString());
        }
        return;
      }
      Thread.ofVirtual()
          .name(component + "-" + s.getInetAddress().getHostAddress() + ":" + s.getPort())
          .start(
              () -> {
                try {
                  service.serve(s);
                } catch (IOException | RuntimeException e) {
                  LOG.warn(
                      "{}: session from {} failed: {}",
                      component,
                      s.getInetAddress(),
                      e.toString());
                } finally {
                  try {
                    s.close();
                  } catch (IOException ignored) {
                    // closing anyway
                  }
                }
              });
    }
  }

  /** Where it listens, as {@code scheme://host:port}. */
  public String url() {
    return url;
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Whether it still accepts connections. */
  public boolean alive() {
    return thread.isAlive();
  }

  /** Stops accepting: closes the listening socket and waits up to 2 s for the thread to end. */
  public void close() {
    closing = true;
    try {
      socket.close();
    } catch (IOException e) {
      LOG.warn("{}: closing the listener {}: {}", component, url, e.toString());
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes {@code acceptors} (nulls skipped), then whichever of {@code bound} is still open: a
   * socket bound by a start that failed before it accepted.
   */
  public static void closeAll(String component, Acceptor[] acceptors, ServerSocket... bound) {
    for (Acceptor a : acceptors) {
      if (a != null) {
        a.close();
      }
    }
    for (ServerSocket s : bound) {
      if (s != null && !s.isClosed()) {
        try {
          s.close();
        } catch (IOException e) {
          LOG.warn("{}: closing a listener: {}", component, e.toString());
        }
      }
    }
  }

  private static String hostPort(InetAddress host, int port) {
    String address = host.getHostAddress();
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }
}
