package dev.msgstore.services.pop;

import dev.msgstore.services.auth.Logins;
import dev.msgstore.services.auth.Plaintext;
import dev.msgstore.services.daemon.Acceptor;
import dev.msgstore.services.daemon.Component;
import dev.msgstore.services.daemon.ComponentFailure;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.services.daemon.IdleTimeout;
import dev.msgstore.services.daemon.StorePorts;
import dev.msgstore.services.tls.ServerTls;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
  private Acceptor acceptor;
  private Acceptor sslAcceptor;
  private Directory directory;
  private PopContext context;
  private final AtomicLong connections = new AtomicLong();
  private final long idleUnitMillis;

  public PopComponent() {
    this(IdleTimeout.MINUTE_MILLIS);
  }

  /** With {@code service.pop.idletimeout} counted in {@code idleUnitMillis} (tests: a second). */
  PopComponent(long idleUnitMillis) {
    this.idleUnitMillis = idleUnitMillis;
  }

  @Override
  public String name() {
    return "pop";
  }

  @Override
  public void start(DaemonContext daemon) {
    EffectiveConfig config = daemon.store().config();
    String address = config.value(ADDRESS).orElse("127.0.0.1").strip();
    int configured = config.value(PORT).map(v -> Integer.parseInt(v.strip())).orElse(0);
    int idleMillis =
        IdleTimeout.millis(config, name(), IDLE, PopContext.DEFAULT_IDLE_MINUTES, idleUnitMillis);
    Plaintext plaintext;
    try {
      plaintext = Plaintext.parse(config.value(PLAINTEXT).orElse("loopback"));
    } catch (IllegalArgumentException e) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, "pop: " + PLAINTEXT + " is no, loopback or yes");
    }
    InetAddress host = StorePorts.host(name(), ADDRESS, address);
    server =
        StorePorts.listen(
            daemon.root(), name(), host, configured, PORT, p -> Acceptor.bind(host, p));
    ServerTls tls;
    try {
      tls = ServerTls.load(daemon.root(), config);
    } catch (IOException e) {
      LOG.warn("pop: no TLS ({}): STLS is not offered", e.getMessage());
      tls = null;
    }
    try {
      sslServer =
          StorePorts.listenTls(
              daemon.root(), name(), "pops", host, config, ENABLE_SSL_PORT, SSL_PORT, tls);
    } catch (ComponentFailure e) {
      close();
      throw e;
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
            new Logins(directory, daemon.store()::read),
            plaintext,
            tls,
            idleMillis,
            daemon.registry());
    Gauge.builder("msgstore.sessions", context.sessions, Set::size)
        .description("Open protocol sessions")
        .tag("protocol", "pop")
        .register(daemon.registry());
    FunctionCounter.builder("msgstore.pop.connections", connections, AtomicLong::get)
        .description("POP3 connections accepted")
        .register(daemon.registry());
    acceptor = Acceptor.start("pop", "pop", server, this::serve);
    LOG.info(
        "pop: listening on {} ({})",
        acceptor.url(),
        configured == 0 ? "port chosen for this store" : PORT);
    if (sslServer != null) {
      sslAcceptor = Acceptor.start("pop", "pops", sslServer, this::serve);
      LOG.info("pop: implicit TLS on {}", sslAcceptor.url());
    }
  }

  /** One connection, on its own virtual thread ({@link Acceptor} closes the socket after). */
  private void serve(Socket socket) throws IOException {
    connections.incrementAndGet();
    PopSession session = null;
    try {
      session = new PopSession(context, socket);
      context.sessions.add(session);
      session.run();
    } finally {
      if (session != null) {
        context.sessions.remove(session);
      }
    }
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
    return acceptor == null || !acceptor.alive()
        ? Health.notReady("not listening")
        : Health.ready(
            "listening on "
                + acceptor.url()
                + (sslAcceptor == null ? "" : " and " + sslAcceptor.url())
                + ", "
                + context.sessions.size()
                + " sessions");
  }

  @Override
  public void close() {
    Acceptor.closeAll(name(), new Acceptor[] {acceptor, sslAcceptor}, server, sslServer);
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
