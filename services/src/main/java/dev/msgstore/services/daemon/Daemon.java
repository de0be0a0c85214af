package dev.msgstore.services.daemon;

import dev.msgstore.journal.FileModes;
import dev.msgstore.services.auth.Connections;
import dev.msgstore.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: holds {@code run/daemon.lock} while it runs (a second one on the same store refuses),
 * writes {@code run/daemon.pid}, serves the control channel, and runs its components, started in
 * order and closed in reverse order, on SIGTERM or a control request.
 */
public final class Daemon implements DaemonContext, AutoCloseable {
  /** sysexits: another daemon holds the lock. */
  public static final int ALREADY_RUNNING = 75;

  private final RunDir run;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Logger log;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Component> running = new LinkedHashMap<>();
  private final Refresher refresher = new Refresher();
  private final Counters counters = new Counters(registry);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Control control;
  private boolean closed;

  /**
   * Set once the components asked for at start run: until then status answers {@code ok starting}.
   */
  private volatile boolean started;

  private Daemon(RunDir run, FileChannel lockChannel, FileLock lock) {
    this.run = run;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.log = LoggerFactory.getLogger(Daemon.class);
  }

  /** {@code Daemon ROOT [COMPONENT...]}: what {@code start-msg} runs in its own JVM. */
  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    List<String> names = List.of(args).subList(1, args.length);
    System.exit(run(Path.of(args[0]), names, false, "", out, err));
  }

  /**
   * Runs the daemon in this JVM until it is stopped; returns its exit code. {@code names} empty:
   * the components the configuration enables. What failed is one line on {@code err}, after {@code
   * prefix} (the verb's name, as every verb's error line starts).
   */
  public static int run(
      Path root,
      List<String> names,
      boolean console,
      String prefix,
      PrintWriter out,
      PrintWriter err) {
    return run(root, names, console, prefix, out, err, daemon -> {});
  }

  /**
   * {@link #run(Path, List, boolean, String, PrintWriter, PrintWriter)}, and once every component
   * asked for has started and its line is printed, {@code ready} runs with the daemon (its store,
   * its components' health), in this JVM and therefore after logging is set up.
   */
  public static int run(
      Path root,
      List<String> names,
      boolean console,
      String prefix,
      PrintWriter out,
      PrintWriter err,
      Consumer<DaemonContext> ready) {
    RunDir run = new RunDir(root);
    Daemon d;
    try {
      d = open(run, console);
    } catch (ComponentFailure e) {
      err.println(prefix + e.getMessage());
      err.flush();
      return e.exitCode();
    }
    Thread hook = new Thread(d::close, "msgstore-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      d.control = Control.serve(run.control(), d::answer);
      List<String> wanted = names;
      if (wanted.isEmpty()) {
        Store s = d.startOne("store");
        wanted = Components.enabled(s.config());
      }
      for (String n : wanted) {
        d.startOne(n);
      }
      d.started = true;
      d.health().forEach((n, h) -> out.println(n + ": " + h.detail()));
      ready.accept(d);
      out.flush();
      d.stopped.await();
      return 0;
    } catch (ComponentFailure e) {
      d.log.error(e.getMessage());
      err.println(prefix + e.getMessage());
      err.flush();
      return e.exitCode();
    } catch (IOException e) {
      String line = "msgstore daemon: cannot serve the control channel " + run.control() + ": " + e;
      d.log.error(line);
      err.println(prefix + line);
      err.flush();
      return ComponentFailure.UNAVAILABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      d.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs close, which is done
      }
    }
  }

  /** Takes the lock, writes the pid file, sets up logging and the JVM's meters. */
  private static Daemon open(RunDir run, boolean console) {
    try {
      FileModes.createDirectories(run.run());
      FileModes.createDirectories(run.log());
      FileChannel ch =
          FileChannel.open(run.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileModes.conformFile(run.lock());
      FileLock lock = null;
      for (int i = 0; i < 10 && lock == null; i++) {
        lock = ch.tryLock(); // a probe (stop-msg, stored -t) may hold it for a moment
        if (lock == null) {
          Thread.sleep(30);
        }
      }
      if (lock == null) {
        ch.close();
        OptionalLong pid = run.runningPid();
        throw new ComponentFailure(
            ALREADY_RUNNING,
            "msgstore daemon: one already runs on the store in "
                + run.root()
                + (pid.isPresent() && pid.getAsLong() > 0 ? " (pid " + pid.getAsLong() + ")" : "")
                + "; stop it with 'msgstore stop-msg' first");
      }
      Files.writeString(run.pidFile(), ProcessHandle.current().pid() + "\n");
      FileModes.conformFile(run.pidFile());
      Logging.configure(run.log(), console);
      Daemon d = new Daemon(run, ch, lock);
      new JvmMemoryMetrics().bindTo(d.registry);
      new JvmThreadMetrics().bindTo(d.registry);
      new ProcessorMetrics().bindTo(d.registry);
      new UptimeMetrics().bindTo(d.registry);
      d.log.info("daemon started, pid {}, store {}", ProcessHandle.current().pid(), run.root());
      return d;
    } catch (IOException e) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, "msgstore daemon: cannot use " + run.run() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentFailure(ComponentFailure.UNAVAILABLE, "msgstore daemon: interrupted");
    }
  }

  /** Starts {@code name} unless it runs; the store first, whatever was asked. */
  private synchronized Store startOne(String name) {
    if (closed) {
      throw new ComponentFailure(ComponentFailure.UNAVAILABLE, name + ": the daemon is stopping");
    }
    if (!name.equals("store") && !running.containsKey("store")) {
      startOne("store");
    }
    if (!running.containsKey(name)) {
      Component c = Components.registration(name).make().get();
      if (c instanceof StoreComponent s) {
        s.onRefresh(this::refreshRequested);
      }
      c.start(this);
      running.put(name, c);
      refresher.started(c, store().config());
      if (c instanceof StoreComponent s) {
        s.bindMetrics(registry);
      }
      log.info("{}: started: {}", name, c.health().detail());
    }
    return store();
  }

  private synchronized void stopOne(String name) {
    Component c = running.remove(name);
    if (c != null) {
      refresher.stopped(name);
      c.close();
      log.info("{}: stopped", name);
    }
  }

  /** The control channel's answers. */
  private List<String> answer(List<String> words) {
    if (words.isEmpty() || words.get(0).isEmpty()) {
      return List.of("error an empty request");
    }
    switch (words.get(0)) {
      case "refreshed" -> {
        return refreshed(Long.parseLong(words.get(1)));
      }
      case "connections" -> {
        // imsconnutil -c: one tab-separated line per logged-in session
        List<String> lines = new ArrayList<>(List.of("ok"));
        for (Connections.Connection c : Connections.PROCESS.list()) {
          lines.add(
              String.join(
                  "\t",
                  c.protocol(),
                  c.user(),
                  c.client(),
                  c.server(),
                  c.method(),
                  Long.toString(c.since())));
        }
        return lines;
      }
      case "counters", "reset" -> {
        Set<String> now;
        synchronized (this) {
          now = Set.copyOf(running.keySet());
        }
        return counters.answer(words, now);
      }
      default -> {
        // the component requests below
      }
    }
    List<String> names = Components.resolve(words.subList(1, words.size()));
    switch (words.get(0)) {
      case "status" -> {
        return statusLines(names);
      }
      case "start" -> {
        List<String> wanted = names.isEmpty() ? Components.enabled(store().config()) : names;
        try {
          wanted.forEach(this::startOne);
        } catch (ComponentFailure e) {
          log.error(e.getMessage());
          return List.of("error " + e.getMessage());
        }
        return statusLines(wanted);
      }
      case "stop" -> {
        if (names.isEmpty() || names.contains("store")) {
          stopped.countDown(); // the others use the store: the whole daemon goes
          return List.of("ok", "stopping the daemon, pid " + ProcessHandle.current().pid());
        }
        List<String> lines = new ArrayList<>(List.of("ok"));
        for (String n : names) {
          stopOne(n);
          lines.add(n + " stopped");
        }
        return lines;
      }
      default -> {
        return List.of("error unknown request " + words.get(0));
      }
    }
  }

  /** A refresh request the store component's tail read: applied to the components it names. */
  private void refreshRequested(long index, List<String> components) {
    Map<String, Component> now;
    synchronized (this) {
      now = new LinkedHashMap<>(running);
    }
    refresher.refresh(index, components, now, store().config());
  }

  /** {@code ok}, then the outcome of the refresh request committed at {@code index}. */
  private List<String> refreshed(long index) {
    StoreComponent s;
    synchronized (this) {
      s = (StoreComponent) running.get("store");
    }
    if (s == null) {
      return List.of("error the store component is not running");
    }
    List<String> lines = new ArrayList<>(List.of("ok"));
    try {
      lines.addAll(refresher.await(index, s::tailStart, 30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of("error interrupted");
    }
    return lines;
  }

  /** {@code ok}, then {@code NAME ready|not-ready|stopped DETAIL} for each component asked. */
  private List<String> statusLines(List<String> names) {
    List<String> lines = new ArrayList<>(List.of(started ? "ok" : "ok starting"));
    Map<String, Health> health = health();
    for (String n : names.isEmpty() ? List.copyOf(health.keySet()) : names) {
      Health h = health.get(n);
      lines.add(
          h == null
              ? n + " stopped not running"
              : n + (h.ready() ? " ready " : " not-ready ") + h.detail());
    }
    return lines;
  }

  @Override
  public Path root() {
    return run.root();
  }

  @Override
  public synchronized Store store() {
    Component c = running.get("store");
    return c == null ? null : ((StoreComponent) c).store();
  }

  @Override
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public Map<String, Health> health() {
    List<Component> now;
    synchronized (this) {
      now = List.copyOf(running.values());
    }
    Map<String, Health> h = new LinkedHashMap<>();
    for (Component c : now) {
      Health one;
      try {
        one = c.health();
      } catch (RuntimeException e) {
        one = Health.notReady("health check failed: " + e.getMessage());
      }
      h.put(c.name(), one);
    }
    return h;
  }

  /** Closes the components in reverse order, then the control channel, pid file and lock. */
  @Override
  public void close() {
    List<Component> order;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      order = new ArrayList<>(running.values());
      running.clear();
    }
    stopped.countDown();
    for (int i = order.size() - 1; i >= 0; i--) {
      try {
        order.get(i).close();
      } catch (RuntimeException e) {
        log.error("{}: did not close cleanly: {}", order.get(i).name(), e.toString());
      }
    }
    if (control != null) {
      control.close();
    }
    registry.close();
    try {
      Files.deleteIfExists(run.pidFile());
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.warn("cannot release {}: {}", run.lock(), e.toString());
    }
    log.info("daemon stopped");
    Logging.stop();
  }
}
