package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.services.daemon.Components;
import dev.msgstore.services.daemon.RunDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code msprobe} (reference Table 71-29), for the servers msgstore has: {@code http} is probed
 * with a real request ({@code GET /health/live}, timed), {@code lmtp} and {@code imap} with their
 * greeting and a NOOP (timed together, then QUIT or LOGOUT), {@code pop} with its greeting and a
 * CAPA (POP3's NOOP is only valid after login). {@code -r} prints the reference's CSV ({@code
 * server,port,response_time,status,"message"}, status OK, SLOW or BAD, -1 ms when BAD). Without
 * {@code -n}, a server that probes BAD while the daemon answers is restarted by the daemon.
 */
@Command(
    name = "msprobe",
    footer = "%nReference: Table 71-29, msprobe Command Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Probe the daemon's servers (http, lmtp, imap, pop) with a real, timed request.")
public final class MsprobeCommand implements Callable<Integer>, ResultVerb {
  private static final Pattern WHERE = Pattern.compile("listening on (http://\\S+:(\\d+)/)");

  /** The servers msprobe has a probe for, in the order it reports them. */
  private static final List<String> PROBED = List.of("http", "lmtp", "imap", "pop");

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption storeOption;
  @Mixin FormatOption format;

  @Option(names = "-d", description = "Debug mode: say each step on standard error.")
  boolean debug;

  @Option(names = "-n", description = "Disable auto-restart of a server that probes BAD.")
  boolean noRestart;

  @Option(names = "-r", description = "Report server,port,response_time,status,message.")
  boolean report;

  @Option(
      names = "--slow",
      paramLabel = "MS",
      defaultValue = "1000",
      description = "A response slower than this is SLOW (default: ${DEFAULT-VALUE} ms).")
  long slowMillis;

  @Parameters(
      paramLabel = "server",
      arity = "0..1",
      description = "http, lmtp, imap or pop (default: all enabled).")
  String server;

  private List<Probe> result;

  /** One server's probe: its port, the time it took in ms (-1 when BAD), OK, SLOW or BAD, why. */
  public record Probe(String server, int port, long millis, String status, String message) {
    String csv() {
      return server + "," + port + "," + millis + "," + status + ",\"" + message + "\"";
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    CliContext ctx = root.context();
    if (server != null && !PROBED.contains(server)) {
      try {
        Components.registration(server);
      } catch (IllegalArgumentException e) {
        throw VerbFailure.usage(e.getMessage());
      }
      throw VerbFailure.usage(
          server + ": msprobe has no probe for it; it probes " + String.join(", ", PROBED));
    }
    RunDir run = new RunDir(storeOption.resolve(ctx));
    ctx.requireStore(run.root(), CliContext.StoreUse.READS);
    PrintWriter out = ctx.out();
    List<Probe> probes = new ArrayList<>();
    for (String name : servers(ctx, run)) {
      probes.add(
          switch (name) {
            case "http" -> probeHttp(run, ctx.err());
            case "lmtp" -> probeLines(LineProbe.LMTP, run, ctx.err());
            case "pop" -> probeLines(LineProbe.POP, run, ctx.err());
            default -> probeLines(LineProbe.IMAP, run, ctx.err());
          });
    }
    result = List.copyOf(probes);
    int code = ExitCodes.OK;
    for (Probe p : probes) {
      if (!format.json()) {
        out.println(
            report
                ? p.csv()
                : p.server()
                    + ": "
                    + p.status()
                    + (p.millis() >= 0 ? " in " + p.millis() + " ms" : "")
                    + ", "
                    + p.message());
      }
      if (p.status().equals("BAD")) {
        code = ExitCodes.UNAVAILABLE;
        if (!noRestart && DaemonProcess.running(run).isPresent()) {
          debug(ctx.err(), "asking the daemon to restart " + p.server());
          DaemonProcess.ask(run, "stop " + p.server());
          DaemonProcess.ask(run, "start " + p.server());
        }
      }
    }
    return code;
  }

  @Override
  public List<Probe> result() {
    return result;
  }

  private Probe probeHttp(RunDir run, PrintWriter err) throws InterruptedException {
    if (DaemonProcess.running(run).isEmpty()) {
      return new Probe("http", -1, -1, "BAD", "No daemon runs on this store");
    }
    List<String> status = DaemonProcess.ask(run, "status http");
    String line = status.isEmpty() ? "" : status.get(0);
    debug(err, "the daemon says: " + line);
    Matcher m = WHERE.matcher(line);
    if (!m.find()) {
      return new Probe("http", -1, -1, "BAD", "Not running");
    }
    int port = Integer.parseInt(m.group(2));
    URI uri = URI.create(m.group(1) + "health/live");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    long start = System.nanoTime();
    try {
      debug(err, "GET " + uri);
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (r.statusCode() != 200) {
        return new Probe("http", port, -1, "BAD", "HTTP status " + r.statusCode());
      }
      return new Probe("http", port, ms, ms > slowMillis ? "SLOW" : "OK", "No error");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Probe(
          "http",
          port,
          -1,
          "BAD",
          e instanceof java.net.ConnectException ? "Connection refused" : why.replace('"', '\''));
    } finally {
      client.close();
    }
  }

  /** The server named, or every server with a probe that the store's options enable. */
  private List<String> servers(CliContext ctx, RunDir run) {
    if (server != null) {
      return List.of(server);
    }
    List<String> enabled;
    try (dev.msgstore.store.Store s = ctx.openStore(run.root(), CliContext.StoreUse.READS)) {
      enabled = Components.enabled(s.config());
    }
    return PROBED.stream().filter(enabled::contains).toList();
  }

  /**
   * How msprobe speaks to a line-based server: the greeting it expects, a NOOP and the start of its
   * good answer, and the goodbye. {@code tagged}: replies end with a tagged line (IMAP), else with
   * the last line of a multi-line reply (SMTP's {@code 250-}).
   */
  private record LineProbe(
      String server,
      Pattern where,
      String greeting,
      String noop,
      String noopOk,
      String quit,
      boolean tagged) {
    static final LineProbe LMTP =
        new LineProbe(
            "lmtp",
            Pattern.compile("listening on lmtp://\\[?([^\\]\\s]+?)\\]?:(\\d+)"),
            "220",
            "NOOP",
            "250",
            "QUIT",
            false);
    static final LineProbe IMAP =
        new LineProbe(
            "imap",
            Pattern.compile("listening on imap://\\[?([^\\]\\s]+?)\\]?:(\\d+)"),
            "* OK",
            "p1 NOOP",
            "p1 OK",
            "p2 LOGOUT",
            true);
    static final LineProbe POP =
        new LineProbe(
            "pop",
            Pattern.compile("listening on pop://\\[?([^\\]\\s]+?)\\]?:(\\d+)"),
            "+OK",
            "CAPA",
            "+OK",
            "QUIT",
            false);

    /** The line that ends a reply (a greeting is always one line in IMAP). */
    String reply(java.io.BufferedReader in, boolean greeting) throws IOException {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        boolean last =
            tagged ? greeting || !l.startsWith("* ") : l.length() < 4 || l.charAt(3) != '-';
        if (last) {
          return l;
        }
      }
      return "";
    }
  }

  /** Connects to a line-based server's TCP port, reads the greeting, NOOP, goodbye; timed. */
  private Probe probeLines(LineProbe probe, RunDir run, PrintWriter err)
      throws InterruptedException {
    String name = probe.server();
    if (DaemonProcess.running(run).isEmpty()) {
      return new Probe(name, -1, -1, "BAD", "No daemon runs on this store");
    }
    List<String> status = DaemonProcess.ask(run, "status " + name);
    String line = status.isEmpty() ? "" : status.get(0);
    debug(err, "the daemon says: " + line);
    Matcher m = probe.where().matcher(line);
    if (!m.find()) {
      return new Probe(name, -1, -1, "BAD", "Not running");
    }
    int port = Integer.parseInt(m.group(2));
    long start = System.nanoTime();
    try (java.net.Socket s = new java.net.Socket()) {
      debug(err, "connecting to " + m.group(1) + " port " + port);
      s.connect(new java.net.InetSocketAddress(m.group(1), port), 10_000);
      s.setSoTimeout(10_000);
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
      var out = s.getOutputStream();
      String greeting = probe.reply(in, true);
      debug(err, "greeting: " + greeting);
      if (!greeting.startsWith(probe.greeting())) {
        return new Probe(name, port, -1, "BAD", "Greeting " + quoted(greeting));
      }
      out.write((probe.noop() + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      String noop = probe.reply(in, false);
      debug(err, "NOOP: " + noop);
      long ms = (System.nanoTime() - start) / 1_000_000;
      out.write((probe.quit() + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      if (!noop.startsWith(probe.noopOk())) {
        return new Probe(name, port, -1, "BAD", "NOOP " + quoted(noop));
      }
      return new Probe(name, port, ms, ms > slowMillis ? "SLOW" : "OK", "No error");
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Probe(
          name,
          port,
          -1,
          "BAD",
          e instanceof java.net.ConnectException ? "Connection refused" : why.replace('"', '\''));
    }
  }

  private static String quoted(String reply) {
    return reply.isEmpty() ? "none, the connection closed" : reply.replace('"', '\'');
  }

  private void debug(PrintWriter err, String what) {
    if (debug) {
      err.println("msprobe: " + what);
      err.flush();
    }
  }
}
