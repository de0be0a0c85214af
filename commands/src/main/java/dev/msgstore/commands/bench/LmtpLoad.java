package dev.msgstore.commands.bench;

import dev.msgstore.commands.lmtp.LmtpClient;
import dev.msgstore.commands.lmtp.LmtpClient.Reply;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A load generator for an LMTP server (RFC 2033): {@code connections} connections, each on its own
 * thread running MAIL/RCPT/DATA transactions back to back, one recipient each, over a warm-up and
 * then a measured period. Bodies are {@link BodySizes}' (2-50 KB, log-normal, median about 5 KB),
 * seeded, each with its own Message-ID; recipients cycle over {@code users} users {@code
 * u1@domain}..{@code uN@domain}. With PIPELINING the MAIL, RCPT and DATA commands go in one write,
 * as Postfix sends them. It runs in the bench's JVM, never in the server's.
 */
public final class LmtpLoad {
  /** Where the server listens. */
  public sealed interface Endpoint {
    SocketAddress address();

    /** A blocking channel connected to it. */
    default SocketChannel connect() throws IOException {
      SocketAddress a = address();
      SocketChannel c =
          SocketChannel.open(
              a instanceof UnixDomainSocketAddress
                  ? StandardProtocolFamily.UNIX
                  : StandardProtocolFamily.INET);
      c.connect(a);
      return c;
    }
  }

  /** A TCP listener. */
  public record Tcp(String host, int port) implements Endpoint {
    @Override
    public SocketAddress address() {
      return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** A UNIX domain socket. */
  public record Unix(Path socket) implements Endpoint {
    @Override
    public SocketAddress address() {
      return UnixDomainSocketAddress.of(socket);
    }

    @Override
    public String toString() {
      return socket.toString();
    }
  }

  /**
   * What to send.
   *
   * @param connections connections at once, each with its own thread
   * @param users recipients u1..u{users}
   * @param domain the recipients' domain
   * @param seed of the body sizes (connection {@code c} uses {@code seed + c})
   * @param warmupMillis transactions run this long before measuring starts (not counted)
   * @param measureMillis then this long, counted
   */
  public record Plan(
      int connections, int users, String domain, long seed, long warmupMillis, long measureMillis) {
    public Plan {
      if (connections < 1 || users < 1 || warmupMillis < 0 || measureMillis < 1) {
        throw new IllegalArgumentException("a plan needs connections, users and a measured time");
      }
    }
  }

  /**
   * What the measured period did.
   *
   * @param messages transactions that got 250 for their recipient
   * @param failed transactions that got anything else (the first reply is in {@code firstFailure})
   * @param bytes the delivered messages' sizes
   * @param seconds the measured period, from its start to the last connection's last reply
   * @param p50Micros median latency, MAIL sent to the DATA reply read
   * @param p99Micros 99th percentile of the same
   * @param serverCpuSeconds the server's CPU time over the measured period, or -1 if not known
   * @param generatorCpuSeconds this process's CPU time over the same period (the generator's own
   *     cost, on the same cores as the server's)
   */
  public record Figures(
      int connections,
      long messages,
      long failed,
      long bytes,
      double seconds,
      double p50Micros,
      double p99Micros,
      double serverCpuSeconds,
      double generatorCpuSeconds,
      String firstFailure) {
    public double perSecond() {
      return messages / seconds;
    }

    /** The server's CPU time per delivered message in microseconds, or -1 if not known. */
    public double cpuMicrosPerMessage() {
      return serverCpuSeconds < 0 || messages == 0 ? -1 : serverCpuSeconds * 1e6 / messages;
    }
  }

  /** The sender every transaction uses. */
  static final String SENDER = "bench@bench.example";

  private LmtpLoad() {}

  /** The server's CPU time so far, in seconds. */
  @FunctionalInterface
  public interface CpuClock {
    double seconds() throws IOException;
  }

  /** Runs {@code plan} against {@code server}, whose CPU time is not known. */
  public static Figures run(Endpoint server, Plan plan) throws IOException, InterruptedException {
    return run(server, plan, null);
  }

  /**
   * Runs {@code plan} against {@code server}, reading {@code cpu} (if not null) as the measured
   * period starts and ends; an I/O failure of any connection fails the run.
   */
  public static Figures run(Endpoint server, Plan plan, CpuClock cpu)
      throws IOException, InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    List<Connection> connections = new ArrayList<>();
    for (int c = 0; c < plan.connections(); c++) {
      connections.add(new Connection(server, plan, c, stop));
    }
    List<Thread> threads = new ArrayList<>();
    for (Connection c : connections) {
      threads.add(Thread.ofPlatform().name("lmtp-load-" + c.index).start(c));
    }
    long start = System.nanoTime();
    Thread.sleep(plan.warmupMillis());
    double cpuStart = cpu == null ? 0 : cpu.seconds();
    double ownStart = ownCpuSeconds();
    long measureStart = System.nanoTime();
    for (Connection c : connections) {
      c.measureFrom = measureStart;
    }
    long end = start + (plan.warmupMillis() + plan.measureMillis()) * 1_000_000;
    while (System.nanoTime() < end && connections.stream().noneMatch(c -> c.done)) {
      Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
    }
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    double serverCpu = cpu == null ? -1 : cpu.seconds() - cpuStart;
    double ownCpu = ownCpuSeconds() - ownStart;
    long last = measureStart;
    long messages = 0;
    long failed = 0;
    long bytes = 0;
    String firstFailure = "";
    List<Latencies> latencies = new ArrayList<>();
    for (Connection c : connections) {
      if (c.error != null) {
        throw new IOException(
            "LMTP connection " + c.index + " to " + server + ": " + c.error, c.error);
      }
      last = Math.max(last, c.lastReply);
      messages += c.delivered;
      failed += c.refused;
      bytes += c.bytes;
      latencies.add(c.latencies);
      if (firstFailure.isEmpty() && c.firstFailure != null) {
        firstFailure = c.firstFailure;
      }
    }
    Latencies all = Latencies.merge(latencies);
    return new Figures(
        plan.connections(),
        messages,
        failed,
        bytes,
        (last - measureStart) / 1e9,
        all.micros(0.5),
        all.micros(0.99),
        serverCpu,
        ownCpu,
        firstFailure);
  }

  /** One connection and its thread: opens, greets, then runs transactions until stopped. */
  private static final class Connection implements Runnable {
    final int index;
    private final Endpoint server;
    private final Plan plan;
    private final AtomicBoolean stop;
    private final BodySizes sizes;
    final Latencies latencies = new Latencies();
    volatile long measureFrom = Long.MAX_VALUE;
    volatile boolean done;
    long delivered;
    long refused;
    long bytes;
    long lastReply;
    String firstFailure;
    Exception error;

    Connection(Endpoint server, Plan plan, int index, AtomicBoolean stop) {
      this.server = server;
      this.plan = plan;
      this.index = index;
      this.stop = stop;
      this.sizes = new BodySizes(plan.seed() + index);
    }

    @Override
    public void run() {
      try (SocketChannel channel = server.connect()) {
        LmtpClient wire =
            new LmtpClient(
                new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024),
                new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
        wire.expect(wire.reply(), 220, "greeting");
        wire.command("LHLO bench.example");
        Reply lhlo = wire.expect(wire.reply(), 250, "LHLO");
        boolean pipelining = lhlo.hasExtension("PIPELINING");
        boolean size = lhlo.hasExtension("SIZE");
        long n = 0;
        while (!stop.get()) {
          int user = 1 + (int) Math.floorMod(index + n * plan.connections(), (long) plan.users());
          String to = "u" + user + "@" + plan.domain();
          long unique = plan.seed() * 1_000_000_000L + index * 10_000_000L + n;
          byte[] message = BodySizes.message(sizes.next(), to, unique);
          n++;
          long t0 = System.nanoTime();
          String failure = transaction(wire, pipelining, size, to, message);
          long t1 = System.nanoTime();
          if (t0 < measureFrom) {
            continue; // still warming up
          }
          lastReply = t1;
          if (failure == null) {
            delivered++;
            bytes += message.length;
            latencies.record(t1 - t0);
          } else {
            refused++;
            if (firstFailure == null) {
              firstFailure = failure;
            }
          }
        }
        wire.command("QUIT");
        wire.reply();
      } catch (Exception e) {
        error = e;
      } finally {
        done = true;
      }
    }

    /** One transaction; null when the recipient's copy got 250, else the reply that refused it. */
    private static String transaction(
        LmtpClient wire, boolean pipelining, boolean size, String to, byte[] message)
        throws IOException {
      String mail = "MAIL FROM:<" + SENDER + ">" + (size ? " SIZE=" + message.length : "");
      String rcpt = "RCPT TO:<" + to + ">";
      Reply m;
      Reply r;
      Reply d;
      if (pipelining) {
        wire.send(mail);
        wire.send(rcpt);
        wire.command("DATA");
        m = wire.reply();
        r = wire.reply();
        d = wire.reply();
      } else {
        wire.command(mail);
        m = wire.reply();
        if (m.code() != 250) {
          return m.line();
        }
        wire.command(rcpt);
        r = wire.reply();
        if (r.code() != 250) {
          wire.command("RSET");
          wire.reply();
          return r.line();
        }
        wire.command("DATA");
        d = wire.reply();
      }
      if (m.code() != 250 || r.code() != 250 || d.code() != 354) {
        if (d.code() == 354) {
          wire.data(new byte[0]); // nobody to deliver to: the server answers the empty DATA
          wire.reply();
        }
        wire.command("RSET");
        wire.reply();
        return (m.code() != 250 ? m : r.code() != 250 ? r : d).line();
      }
      wire.data(message);
      Reply done = wire.reply(); // one reply: one recipient
      return done.code() == 250 ? null : done.line();
    }
  }

  private static double ownCpuSeconds() {
    return ProcessHandle.current()
            .info()
            .totalCpuDuration()
            .map(java.time.Duration::toNanos)
            .orElse(0L)
        / 1e9;
  }

  /** The body size distribution's sizes, for the test that pins it. */
  static int[] sizes(long seed, int n) {
    BodySizes s = new BodySizes(seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = s.next();
    }
    return out;
  }
}
