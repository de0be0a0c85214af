package dev.msgstore.services.lmtp;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.daemon.Component;
import dev.msgstore.services.daemon.ComponentFailure;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.services.daemon.RunDir;
import dev.msgstore.services.daemon.StorePorts;
import dev.msgstore.store.Store;
import dev.msgstore.store.delivery.DeliveryRules;
import dev.msgstore.store.delivery.LocalDelivery;
import dev.msgstore.store.delivery.Recipients;
import dev.msgstore.store.delivery.Resolution;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lmtp}: the MTA's way into the store (RFC 2033), on TCP ({@code service.lmtp.port}, on
 * loopback unless {@code service.lmtp.listenaddr} says otherwise: LMTP has no authentication) and
 * on the UNIX domain socket {@code run/lmtp.sock} (mode 0660). One thread per connection (a
 * platform one while few are open, else a virtual one: see {@link #platformSessions}); every copy
 * goes through the store's one delivery path ({@link LocalDelivery}), so copies of many connections
 * share the journal's group commit.
 *
 * <p>Stopping is graceful: new connections get 421, sessions waiting for a command get 421, and a
 * transaction in flight finishes (up to {@link #GRACE}) before its session gets 421.
 */
public final class LmtpComponent implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(LmtpComponent.class);

  /** How long a stop waits for transactions in flight. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private final Set<LmtpSession> sessions = ConcurrentHashMap.newKeySet();
  private final Map<LmtpSession, Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final AtomicLong sessionIds = new AtomicLong();

  /**
   * Sessions run on platform threads while at most this many are open, on virtual threads beyond. A
   * session blocks several times a message (reading the commands, then the data, waiting for its
   * body's fsync and its commit's). On a platform thread each wait is one context switch. On a
   * virtual thread it is nearly free while the carriers have other sessions to run; with few
   * sessions they run out, and then each wait parks a carrier and each wake-up unparks one, a
   * socket's readiness goes through a poller thread first, and an fsync wakes a spare carrier to
   * stand in: at 4 connections on 2 cores that was a third of the daemon's CPU a message, at 32 the
   * virtual threads cost less than platform ones. A session moves to a thread of the other kind
   * between transactions when the number of open sessions has crossed this.
   */
  private final int platformSessions;

  /** Sessions accepted and not yet ended. */
  private final AtomicInteger open = new AtomicInteger();

  /** Sessions running on a platform thread now (tests). */
  private final AtomicInteger onPlatform = new AtomicInteger();

  private volatile boolean stopping;

  private LmtpSettings settings;
  private Store store;
  private DeliveryRules rules;

  private Recipients recipients;
  private LmtpMeters meters;
  private String hostName;
  private ServerSocketChannel tcp;
  private ServerSocketChannel local;
  private Path socketPath;
  private Path spoolDir;
  private Thread tcpAcceptor;
  private Thread localAcceptor;
  private Thread timekeeper;
  private String where;

  public LmtpComponent() {
    this(2 * Runtime.getRuntime().availableProcessors());
  }

  /** With sessions on platform threads while at most {@code platformSessions} are open. */
  LmtpComponent(int platformSessions) {
    this.platformSessions = platformSessions;
  }

  /** Sessions running on a platform thread now (tests). */
  int sessionsOnPlatformThreads() {
    return onPlatform.get();
  }

  @Override
  public String name() {
    return "lmtp";
  }

  @Override
  public void start(DaemonContext daemon) {
    store = daemon.store();
    settings = LmtpSettings.from(store.config());
    hostName = dev.msgstore.journal.Author.of("lmtp", "").host();
    rules = DeliveryRules.readingCallers(store);
    recipients = new Recipients(rules);
    InetAddress host = StorePorts.host(name(), LmtpSettings.ADDRESS, settings.listenAddress());
    tcp =
        StorePorts.listen(
            daemon.root(), name(), host, settings.port(), LmtpSettings.PORT, p -> bind(host, p));
    if (!host.isLoopbackAddress()) {
      LOG.warn(
          "lmtp: listening on {}, not loopback: LMTP has no authentication, so anyone on that"
              + " network can deliver mail into the store",
          settings.listenAddress());
    }
    socketPath = new RunDir(daemon.root()).lmtpSocket();
    spoolDir = socketPath.getParent();
    removeSpools(spoolDir); // left by a daemon that died: the daemon's lock says none other runs
    try {
      Files.deleteIfExists(socketPath); // a stale one: the daemon's lock says none other serves
      local = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      local.bind(UnixDomainSocketAddress.of(socketPath), 128);
      Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException | RuntimeException e) {
      LOG.warn("lmtp: no UNIX socket at {}: {}; serving TCP only", socketPath, e.toString());
      closeQuietly(local);
      local = null;
    }
    meters = new LmtpMeters(daemon.registry());
    InetSocketAddress bound;
    try {
      bound = (InetSocketAddress) tcp.getLocalAddress();
    } catch (IOException e) {
      throw ComponentFailure.cannotListen(name(), host, settings.port(), LmtpSettings.PORT, e);
    }
    String a = bound.getAddress().getHostAddress();
    where =
        "lmtp://"
            + (a.contains(":") ? "[" + a + "]" : a)
            + ":"
            + bound.getPort()
            + (local != null ? " and " + socketPath : "");
    tcpAcceptor = Thread.ofPlatform().name("lmtp-accept-tcp").daemon().start(() -> accept(tcp));
    if (local != null) {
      localAcceptor =
          Thread.ofPlatform().name("lmtp-accept-local").daemon().start(() -> accept(local));
    }
    timekeeper = Thread.ofPlatform().name("lmtp-timeouts").daemon().start(this::keepTime);
    LOG.info(
        "lmtp: listening on {} ({})",
        where,
        settings.port() == 0 ? "port chosen for this store" : LmtpSettings.PORT);
  }

  private static void removeSpools(Path dir) {
    try (var spools = Files.newDirectoryStream(dir, MessageBuffer.SPOOL_PREFIX + "*")) {
      for (Path p : spools) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("lmtp: cannot remove old spools in {}: {}", dir, e.toString());
    }
  }

  private static ServerSocketChannel bind(InetAddress host, int port) throws IOException {
    ServerSocketChannel c = ServerSocketChannel.open();
    try {
      c.bind(new InetSocketAddress(host, port), 128);
      return c;
    } catch (IOException e) {
      c.close();
      throw e;
    }
  }

  private void accept(ServerSocketChannel server) {
    while (true) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!server.isOpen()) {
          return;
        }
        LOG.warn("lmtp: accept failed: {}", e.toString());
        continue;
      }
      String client = clientOf(ch);
      if (stopping) {
        refuse(ch, "421 4.3.2 " + hostName + " Service shutting down");
        continue;
      }
      AtomicInteger count =
          client.equals("local")
              ? null
              : perClient.computeIfAbsent(client, k -> new AtomicInteger());
      if (count != null && count.incrementAndGet() > settings.maxSessionsPerClient()) {
        count.decrementAndGet();
        meters.reject("too_many_connections");
        refuse(ch, "421 4.7.0 " + hostName + " Too many connections from " + client);
        continue;
      }
      boolean platform = open.incrementAndGet() <= platformSessions;
      try {
        builder(platform).name("lmtp-" + client).start(() -> serve(ch, client, count));
      } catch (RuntimeException | Error e) {
        open.decrementAndGet();
        throw e;
      }
    }
  }

  private static String clientOf(SocketChannel ch) {
    try {
      return ch.getRemoteAddress() instanceof InetSocketAddress i
          ? i.getAddress().getHostAddress()
          : "local";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void refuse(SocketChannel ch, String line) {
    try (ch) {
      ch.write(java.nio.ByteBuffer.wrap((line + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      // the client left first
    }
  }

  private static Thread.Builder builder(boolean platform) {
    return platform ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
  }

  private void serve(SocketChannel ch, String client, AtomicInteger count) {
    String id = Long.toString(sessionIds.incrementAndGet(), 36);
    meters.opened();
    Connection conn = null;
    LmtpSession session;
    try {
      conn = new Connection(ch, client);
      session = new LmtpSession(new SessionHost(), id, conn);
    } catch (IOException | RuntimeException e) {
      LOG.warn("lmtp({}): session failed: {}", id, e.toString());
      if (conn == null) {
        closeQuietly(ch);
      }
      open.decrementAndGet();
      end(conn, count);
      return;
    }
    sessions.add(session);
    connections.put(session, conn);
    drive(session, conn, count, true);
  }

  /**
   * Runs the session on this thread until it ends, or until, between transactions, it should go on
   * on a thread of the other kind (see {@link #platformSessions}): then it goes on there and this
   * thread returns. If no such thread can be started, it goes on here to its end.
   */
  private void drive(LmtpSession session, Connection conn, AtomicInteger count, boolean fresh) {
    boolean platform = !Thread.currentThread().isVirtual();
    if (platform) {
      onPlatform.incrementAndGet();
    }
    boolean handedOn = false;
    try {
      if (fresh ? session.run() : session.proceed(true)) {
        if (platform) {
          onPlatform.decrementAndGet(); // before the session goes on elsewhere
        }
        try {
          builder(!platform)
              .name(Thread.currentThread().getName())
              .start(() -> drive(session, conn, count, false));
          handedOn = true;
          return;
        } catch (RuntimeException | Error e) {
          if (platform) {
            onPlatform.incrementAndGet();
          }
          session.proceed(false); // no thread to be had: the session ends on this one
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("lmtp({}): session failed: {}", session.id(), e.toString());
    } finally {
      if (platform && !handedOn) {
        onPlatform.decrementAndGet();
      }
      if (!handedOn) {
        open.decrementAndGet(); // first: once the session gauge has dropped, so has this
        sessions.remove(session);
        connections.remove(session);
        end(conn, count);
      }
    }
  }

  private void end(Connection conn, AtomicInteger count) {
    if (conn != null) {
      conn.close();
    }
    // the address's count first: a session gauge at zero then means every address may connect
    if (count != null) {
      count.decrementAndGet();
    }
    meters.closed();
  }

  /** Whether a session on this thread should go on on a thread of the other kind. */
  private boolean wrongThread() {
    return Thread.currentThread().isVirtual() == (open.get() <= platformSessions);
  }

  /** Ends the connections whose clients kept their session waiting too long. */
  private void keepTime() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      connections.forEach(
          (s, c) -> {
            if (c.expired(now)) {
              meters.reject("timeout");
              LOG.info(
                  "lmtp({}): {} kept the session waiting too long; closing", s.id(), c.client());
              c.expire("421 4.4.2 " + hostName + " Timeout exceeded, closing the connection");
            }
          });
    }
  }

  /** What a session asks of the component. */
  private final class SessionHost implements LmtpSession.Host {
    @Override
    public LmtpSettings settings() {
      return settings;
    }

    @Override
    public String hostName() {
      return hostName;
    }

    @Override
    public LocalDelivery delivery(Author author) {
      return new LocalDelivery(store, author);
    }

    /**
     * The projections caught up once for the RCPT: its directory lookups (two to four) then read
     * this same view ({@link DeliveryRules#readingCallers}, given it by {@link #resolve}), where
     * each used to catch up on its own, and a catch-up costs a look at the journal's end (a
     * Chronicle tailer made and released) and may wait for the writer's commit batch. Caught up to
     * what was acknowledged when the RCPT began (a directory change that has returned, another
     * process's commit): under load the journal's end is mostly the copies of the batch being
     * written, which no RCPT needs to wait for.
     */
    @Override
    public ProjectionReader read() {
      return store.readAcknowledged();
    }

    @Override
    public Resolution resolve(ProjectionReader r, String address, long size) {
      return recipients.forAddress(r, address, settings.saveToDetailMailbox(), size);
    }

    @Override
    public boolean moveThread() {
      return wrongThread();
    }

    @Override
    public LmtpMeters meters() {
      return meters;
    }

    @Override
    public Path spoolDir() {
      return spoolDir;
    }

    @Override
    public boolean stopping() {
      return stopping;
    }
  }

  @Override
  public Health health() {
    if (tcp == null || !tcp.isOpen()) {
      return Health.notReady("not listening");
    }
    return stopping
        ? Health.notReady("stopping, listening on " + where)
        : Health.ready("listening on " + where);
  }

  @Override
  public void close() {
    if (tcp == null) {
      return;
    }
    stopping = true;
    long deadline = System.nanoTime() + GRACE.toNanos();
    while (!sessions.isEmpty() && System.nanoTime() - deadline < 0) {
      connections.forEach(
          (s, c) -> {
            if (!s.inTransaction() && c.waiting()) {
              c.expire("421 4.3.2 " + hostName + " Service shutting down");
            }
          });
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.forEach(
        (s, c) -> c.expire("421 4.3.2 " + hostName + " Service shutting down")); // past the grace
    closeQuietly(tcp);
    closeQuietly(local);
    join(tcpAcceptor);
    join(localAcceptor);
    if (timekeeper != null) {
      timekeeper.interrupt();
      join(timekeeper);
    }
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      // the next start removes it
    }
    long wait = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (!sessions.isEmpty() && System.nanoTime() - wait < 0) {
      Thread.onSpinWait();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    meters.unbind();
    rules.close();
    tcp = null;
    LOG.info("lmtp: stopped");
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static void join(Thread t) {
    if (t != null) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
