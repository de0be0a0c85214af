package dev.msgstore.services.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.msgstore.services.daemon.Component;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.services.daemon.StorePorts;
import dev.msgstore.store.config.EffectiveConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code http}: the JDK's HTTP server, on loopback unless {@code service.http.listenaddr} says
 * otherwise, one virtual thread per exchange. {@code /metrics} is the daemon's registry in the
 * Prometheus text format; {@code /health/live} answers while the process serves; {@code
 * /health/ready} is 200 when every running component is ready, else 503, with one line per
 * component either way.
 */
public final class HttpComponent implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(HttpComponent.class);
  static final String PORT = "service.http.port";
  static final String ADDRESS = "service.http.listenaddr";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private HttpServer server;
  private ExecutorService executor;
  private String where;

  @Override
  public String name() {
    return "http";
  }

  @Override
  public void start(DaemonContext daemon) {
    EffectiveConfig config = daemon.store().config();
    String address = config.value(ADDRESS).orElse("127.0.0.1").strip();
    int configured = config.value(PORT).map(v -> Integer.parseInt(v.strip())).orElse(0);
    InetAddress host = StorePorts.host(name(), ADDRESS, address);
    server = StorePorts.listen(daemon.root(), name(), host, configured, PORT, p -> bind(host, p));
    if (!host.isLoopbackAddress()) {
      LOG.warn("http: listening on {}, not loopback: /metrics is open to that network", address);
    }
    PrometheusMeterRegistry registry = (PrometheusMeterRegistry) daemon.registry();
    server.createContext("/metrics", ex -> metrics(ex, registry));
    server.createContext("/health/live", ex -> send(ex, 200, "text/plain", "live\n"));
    server.createContext("/health/ready", ex -> ready(ex, daemon));
    server.createContext("/", ex -> send(ex, 404, "text/plain", "not found\n"));
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.start();
    InetSocketAddress bound = server.getAddress();
    where =
        "http://"
            + (bound.getAddress().getHostAddress().contains(":")
                ? "[" + bound.getAddress().getHostAddress() + "]"
                : bound.getAddress().getHostAddress())
            + ":"
            + bound.getPort()
            + "/";
    LOG.info(
        "http: listening on {} ({})", where, configured == 0 ? "port chosen for this store" : PORT);
  }

  private static HttpServer bind(InetAddress host, int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(host, port), 64);
  }

  private static void metrics(HttpExchange ex, PrometheusMeterRegistry registry)
      throws IOException {
    if (!readOnly(ex)) {
      return;
    }
    send(ex, 200, PROMETHEUS_TEXT, registry.scrape());
  }

  private static void ready(HttpExchange ex, DaemonContext daemon) throws IOException {
    if (!readOnly(ex)) {
      return;
    }
    StringBuilder body = new StringBuilder();
    boolean all = true;
    for (Map.Entry<String, Health> h : daemon.health().entrySet()) {
      all &= h.getValue().ready();
      body.append(h.getKey())
          .append(h.getValue().ready() ? " ready " : " not-ready ")
          .append(h.getValue().detail())
          .append('\n');
    }
    send(ex, all ? 200 : 503, "text/plain; charset=utf-8", body.toString());
  }

  private static boolean readOnly(HttpExchange ex) throws IOException {
    String m = ex.getRequestMethod();
    if (m.equals("GET") || m.equals("HEAD")) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", "GET, HEAD");
    send(ex, 405, "text/plain", "method not allowed\n");
    return false;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public Health health() {
    return server == null
        ? Health.notReady("not listening")
        : Health.ready("listening on " + where);
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(1); // exchanges in flight get a second to finish
      server = null;
    }
    if (executor != null) {
      executor.close();
    }
    LOG.info("http: stopped");
  }
}
