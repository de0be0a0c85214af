package dev.msgstore.services.pop;

import dev.msgstore.services.auth.Logins;
import dev.msgstore.services.auth.Plaintext;
import dev.msgstore.services.daemon.Component;
import dev.msgstore.services.daemon.ComponentFailure;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.services.daemon.StorePorts;
import dev.msgstore.services.tls.ServerTls;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.Syntax;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pop}: POP3 (RFC 1939, with CAPA, STLS, AUTH PLAIN) on {@code service.pop.port} (unset: a
 * port chosen for the store, as imap does) and, with {@code service.pop.enablesslport}, POP3 over
 * TLS from the first byte on {@code service.pop.sslport}. One virtual thread per connection.
 */
public final class PopComponent implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(PopComponent.class);
  static final String PORT = "service.pop.port";
  static final String ADDRESS = "service.pop.listenaddr";
  static final String PLAINTEXT = "service.pop.plaintextlogin";
  static final String SSL_PORT = "service.pop.sslport";
  static final String ENABLE_SSL_PORT = "service.pop.enablesslport";
  static final String IDLE = "service.pop.idletimeout";

  private ServerSocket server;
  private ServerSocket sslServer;
  private Thread acceptor;
  private Thread sslAcceptor;
  private Directory directory;
  private PopContext context;
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closing;
  private String where;
  private String sslWhere;

  @Override
  public String name() {
    return "pop";
  }

  @Override
  public void start(DaemonContext daemon) {
    EffectiveConfig config = daemon.store().config();
    String address = config.value(ADDRESS).orElse("127.0.0.1").strip();
    int configured = config.value(PORT).map(v -> Integer.parseInt(v.strip())).orElse(0);
    int idleMinutes =
        config
            .value(IDLE)
            .map(v -> Integer.parseInt(v.strip()))
            .orElse(PopContext.DEFAULT_IDLE_MINUTES);
    Plaintext plaintext;
    try {
      plaintext = Plaintext.parse(config.value(PLAINTEXT).orElse("loopback"));
    } catch (IllegalArgumentException e) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, "pop: " + PLAINTEXT + " is no, loopback or yes");
    }
    InetAddress host;
    try {
      host = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, "pop: cannot resolve " + ADDRESS + " " + address);
    }
    server = StorePorts.listen(daemon.root(), name(), host, configured, PORT, p -> bind(host, p));
    ServerTls tls;
    try {
      tls = ServerTls.load(daemon.root(), config);
    } catch (IOException e) {
      LOG.warn("pop: no TLS ({}): STLS is not offered", e.getMessage());
      tls = null;
    }
    if (config.value(ENABLE_SSL_PORT).map(Syntax::isTrue).orElse(false)) {
      if (tls == null) {
        close();
        throw new ComponentFailure(
            ComponentFailure.UNAVAILABLE,
            "pop: " + ENABLE_SSL_PORT + " is yes but TLS has no keystore");
      }
      int configuredSsl = config.value(SSL_PORT).map(v -> Integer.parseInt(v.strip())).orElse(0);
      int sslPort = configuredSsl == 0 ? StorePorts.chosen(daemon.root(), "pops") : configuredSsl;
      try {
        sslServer = tls.serverSocket();
        sslServer.setReuseAddress(true);
        sslServer.bind(new InetSocketAddress(host, sslPort), 128);
      } catch (IOException e) {
        close();
        throw ComponentFailure.cannotListen("pop", host, sslPort, SSL_PORT, e);
      }
    }
    try {
      directory = Directories.open(daemon.store());
    } catch (RuntimeException e) {
      close();
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, "pop: cannot start: " + e.getMessage(), e);
    }
    context =
        new PopContext(
            daemon.store(),
            new Logins(directory),
            plaintext,
            tls,
            idleMinutes * 60_000,
            daemon.registry());
    Gauge.builder("msgstore.sessions", context.sessions, Set::size)
        .description("Open protocol sessions")
        .tag("protocol", "pop")
        .register(daemon.registry());
    FunctionCounter.builder("msgstore.pop.connections", connections, AtomicLong::get)
        .description("POP3 connections accepted")
        .register(daemon.registry());
    // a URL, as imap's and lmtp's: serve and msprobe read host and port from it
    where = "pop://" + hostPort(server.getInetAddress(), server.getLocalPort());
    acceptor = Thread.ofPlatform().name("msgstore-pop-accept").daemon().start(() -> accept(server));
    LOG.info(
        "pop: listening on {} ({})", where, configured == 0 ? "port chosen for this store" : PORT);
    if (sslServer != null) {
      sslWhere = "pops://" + hostPort(sslServer.getInetAddress(), sslServer.getLocalPort());
      sslAcceptor =
          Thread.ofPlatform().name("msgstore-pops-accept").daemon().start(() -> accept(sslServer));
      LOG.info("pop: implicit TLS on {}", sslWhere);
    }
  }

  private static ServerSocket bind(InetAddress host, int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(host, port), 128);
    return s;
  }

  private void accept(ServerSocket listener) {
    while (!closing) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.error("pop: accepting connections failed: {}", e.toString());
        }
        return;
      }
      connections.incrementAndGet();
      Thread.ofVirtual()
          .name("pop-" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort())
          .start(
              () -> {
                PopSession session = null;
                try {
                  session = new PopSession(context, socket);
                  context.sessions.add(session);
                  session.run();
                } catch (IOException | RuntimeException e) {
                  LOG.warn(
                      "pop: session from {} failed: {}", socket.getInetAddress(), e.toString());
                } finally {
                  if (session != null) {
                    context.sessions.remove(session);
                  }
                  try {
                    socket.close();
                  } catch (IOException ignored) {
                    // closing anyway
                  }
                }
              });
    }
  }

  private static String hostPort(InetAddress host, int port) {
    String address = host.getHostAddress();
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }

  /** The port it listens on (tests). */
  public int port() {
    return server == null ? -1 : server.getLocalPort();
  }

  /** The implicit-TLS port, or -1 when there is none. */
  public int sslPort() {
    return sslServer == null ? -1 : sslServer.getLocalPort();
  }

  @Override
  public Health health() {
    return server == null || acceptor == null || !acceptor.isAlive()
        ? Health.notReady("not listening")
        : Health.ready(
            "listening on "
                + where
                + (sslWhere == null ? "" : " and " + sslWhere)
                + ", "
                + context.sessions.size()
                + " sessions");
  }

  @Override
  public void close() {
    closing = true;
    for (ServerSocket s : new ServerSocket[] {server, sslServer}) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          LOG.warn("pop: closing a listener: {}", e.toString());
        }
      }
    }
    for (Thread t : new Thread[] {acceptor, sslAcceptor}) {
      if (t != null) {
        try {
          t.join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (context != null) {
      // a session closed here never reached QUIT: nothing it marked is expunged (RFC 1939 6)
      context.sessions.forEach(PopSession::disconnect);
    }
    if (directory != null) {
      directory.close();
    }
    LOG.info("pop: stopped");
  }
}
