package dev.msgstore.services.imap;

import dev.msgstore.services.daemon.Acceptor;
import dev.msgstore.services.daemon.Component;
import dev.msgstore.services.daemon.ComponentFailure;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.services.daemon.IdleTimeout;
import dev.msgstore.services.daemon.StorePorts;
import dev.msgstore.services.imap.message.MessageStructures;
import dev.msgstore.services.imap.session.ImapContext;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.MailboxChanges;
import dev.msgstore.services.imap.wire.ImapInput;
import dev.msgstore.services.tls.ServerTls;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code imap}: IMAP4rev1 on {@code service.imap.port} (unset: a port chosen for the store, as http
 * does), one virtual thread per connection. Sessions read through the store's query API, write
 * through its commands (on the store's writer thread), and learn of changes from one journal tail.
 */
public final class ImapComponent implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(ImapComponent.class);
  static final String PORT = "service.imap.port";
  static final String ADDRESS = "service.imap.listenaddr";
  static final String PLAINTEXT = "service.imap.plaintextlogin";
  static final String SSL_PORT = "service.imap.sslport";
  static final String ENABLE_SSL_PORT = "service.imap.enablesslport";
  static final String IDLE = "service.imap.idletimeout";

  /** RFC 3501 section 5.4: an autologout timer of at least 30 minutes. */
  static final int DEFAULT_IDLE_MINUTES = 30;

  /**
   * The store's one limit on a message's size, LMTP's: an APPEND may bring what a delivery may (its
   * literal is spooled past 1 MiB, so the limit is not a heap bound).
   */
  static final String MAX_MESSAGE = "service.lmtp.maxmessagesize";

  static final long DEFAULT_MAX_MESSAGE = 52_428_800;

  private ServerSocket server;
  private ServerSocket sslServer;
  private Acceptor acceptor;
  private Acceptor sslAcceptor;
  private MailboxChanges changes;
  private Directory directory;
  private MessageStructures structures;
  private ImapContext context;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<ImapSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closing;
  private final long idleUnitMillis;

  public ImapComponent() {
    this(IdleTimeout.MINUTE_MILLIS);
  }

  /** With {@code service.imap.idletimeout} counted in {@code idleUnitMillis} (tests: a second). */
  ImapComponent(long idleUnitMillis) {
    this.idleUnitMillis = idleUnitMillis;
  }

  @Override
  public String name() {
    return "imap";
  }

  @Override
  public void start(DaemonContext daemon) {
    EffectiveConfig config = daemon.store().config();
    String address = config.value(ADDRESS).orElse("127.0.0.1").strip();
    int configured = config.value(PORT).map(v -> Integer.parseInt(v.strip())).orElse(0);
    ImapContext.Plaintext plaintext;
    try {
      plaintext =
          ImapContext.Plaintext.valueOf(
              config.value(PLAINTEXT).orElse("loopback").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, "imap: " + PLAINTEXT + " is no, loopback or yes");
    }
    int idleMillis = IdleTimeout.millis(config, name(), IDLE, DEFAULT_IDLE_MINUTES, idleUnitMillis);
    InetAddress host = StorePorts.host(name(), ADDRESS, address);
    long maxMessage =
        config.value(MAX_MESSAGE).map(v -> Long.parseLong(v.strip())).orElse(DEFAULT_MAX_MESSAGE);
    removeSpools(daemon.root().resolve("run"));
    server =
        StorePorts.listen(
            daemon.root(), name(), host, configured, PORT, p -> Acceptor.bind(host, p));
    ServerTls tls;
    try {
      tls = ServerTls.load(daemon.root(), config);
    } catch (IOException e) {
      // without a keystore IMAP still serves, as before TLS: no STARTTLS, no ssl port
      LOG.warn("imap: no TLS ({}): STARTTLS is not offered", e.getMessage());
      tls = null;
    }
    try {
      sslServer =
          StorePorts.listenTls(
              daemon.root(), name(), "imaps", host, config, ENABLE_SSL_PORT, SSL_PORT, tls);
    } catch (ComponentFailure e) {
      close();
      throw e;
    }
    try {
      directory = Directories.open(daemon.store());
      changes = new MailboxChanges(daemon.store());
      structures = MessageStructures.open(daemon.store());
    } catch (RuntimeException e) {
      close();
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, "imap: cannot start: " + e.getMessage(), e);
    }
    context =
        new ImapContext(
            daemon.store(),
            directory,
            changes,
            structures,
            plaintext,
            tls,
            maxMessage,
            idleMillis,
            daemon.registry());
    Gauge.builder("msgstore.sessions", open, Set::size)
        .description("Open protocol sessions")
        .tag("protocol", "imap")
        .register(daemon.registry());
    io.micrometer.core.instrument.FunctionCounter.builder(
            "msgstore.imap.connections", connections, AtomicLong::get)
        .description("IMAP connections accepted")
        .register(daemon.registry());
    acceptor = Acceptor.start("imap", "imap", server, this::serve);
    LOG.info(
        "imap: listening on {} ({})",
        acceptor.url(),
        configured == 0 ? "port chosen for this store" : PORT);
    if (sslServer != null) {
      sslAcceptor = Acceptor.start("imap", "imaps", sslServer, this::serve);
      LOG.info("imap: implicit TLS on {}", sslAcceptor.url());
    }
  }

  /** APPEND spools a daemon that died left behind: the daemon's lock says no other one runs. */
  private static void removeSpools(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var spools = Files.newDirectoryStream(dir, ImapInput.SPOOL_PREFIX + "*")) {
      for (Path p : spools) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("imap: cannot remove old spools in {}: {}", dir, e.toString());
    }
  }

  /** One connection, on its own virtual thread ({@link Acceptor} closes the socket after). */
  private void serve(Socket socket) throws IOException {
    connections.incrementAndGet();
    open.add(socket);
    ImapSession session = null;
    try {
      session = new ImapSession(context, socket);
      sessions.add(session);
      if (closing) {
        session.stop(); // close() may have gone over the sessions already
      }
      session.run();
    } finally {
      if (session != null) {
        sessions.remove(session);
      }
      open.remove(socket);
    }
  }

  /** The implicit-TLS port, or -1 when there is none. */
  public int sslPort() {
    return sslServer == null ? -1 : sslServer.getLocalPort();
  }

  /** The port it listens on (tests and start-msg's line). */
  public int port() {
    return server == null ? -1 : server.getLocalPort();
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
                + open.size()
                + " sessions");
  }

  @Override
  public void close() {
    closing = true;
    Acceptor.closeAll(name(), new Acceptor[] {acceptor, sslAcceptor}, server, sslServer);
    // RFC 3501 7.1.5: each session says BYE, at once when it waits for its client, after its
    // command otherwise; a command still running after a while is cut off
    for (ImapSession s : sessions) {
      s.stop();
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Socket s : open) {
      try {
        s.close(); // sessions end on their next read
      } catch (IOException ignored) {
        // already gone
      }
    }
    if (changes != null) {
      changes.close();
    }
    if (structures != null) {
      structures.close();
    }
    if (directory != null) {
      directory.close();
    }
    LOG.info("imap: stopped");
  }
}
