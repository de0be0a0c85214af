package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.msgstore.journal.ChildJava;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as an administrator drives it: start-msg starts a real child JVM, the verbs talk to it
 * through run/, the http component is scraped over loopback. Every test stops what it started, and
 * {@link #killLeftovers} kills a daemon a failed test left.
 */
class DaemonTest {
  @TempDir Path root;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void killLeftovers() throws IOException {
    for (String f : List.of("watcher.pid", "daemon.pid")) { // the watcher first: it restarts
      kill(root.resolve("run").resolve(f));
    }
  }

  private static void kill(Path pid) throws IOException {
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .ifPresent(
              p -> {
                p.destroyForcibly();
                p.onExit().join();
              });
    }
  }

  private String store() {
    return root.toString();
  }

  private int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void ok(Cli c) {
    assertEquals(0, c.exit(), c::toString);
  }

  @Test
  void startTailScrapeStopAndReset() throws Exception {
    ok(Cli.run("mboxutil", "-c", "user/joe/INBOX", "--store", store()));
    int port = freePort();
    ok(Cli.run("configutil", "-o", "service.http.port", "-v", "" + port, "--store", store()));
    int lmtpPort = freePort();
    ok(Cli.run("configutil", "-o", "service.lmtp.port", "-v", "" + lmtpPort, "--store", store()));
    int imapPort = freePort();
    ok(Cli.run("configutil", "-o", "service.imap.port", "-v", "" + imapPort, "--store", store()));

    Cli started = Cli.run("start-msg", "--store", store());
    ok(started);
    assertTrue(
        started.out().contains("http: listening on http://127.0.0.1:" + port + "/"), started.out());
    assertTrue(
        started
            .out()
            .contains(
                "lmtp: listening on lmtp://127.0.0.1:"
                    + lmtpPort
                    + " and "
                    + root.resolve("run/lmtp.sock")),
        started.out());
    assertTrue(
        started.out().contains("imap: listening on imap://127.0.0.1:" + imapPort + ", "),
        started.out());
    long pid = Long.parseLong(Files.readString(root.resolve("run/daemon.pid")).strip());
    assertTrue(ProcessHandle.of(pid).isPresent());
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(root.resolve("run/control.sock"))));

    // a second daemon on the same store refuses in one line; the first serves on
    secondDaemonRefuses(pid);
    assertEquals(200, get(port, "/health/live").statusCode());

    // a CLI verb's commit is read by the daemon's journal tail
    ok(Cli.run("mboxutil", "-c", "user/ann/INBOX", "--store", store()));
    double commits = 0;
    for (int i = 0; i < 100 && commits < 1; i++) {
      commits = metrics(port).getOrDefault("msgstore_journal_commits_total", 0.0);
      Thread.sleep(50);
    }
    assertEquals(1.0, commits, "the commit of mboxutil -c read by the daemon");

    Map<String, Double> m = metrics(port);
    assertTrue(m.containsKey("msgstore_journal_fsync_seconds_count"), m.keySet()::toString);
    assertTrue(m.containsKey("msgstore_journal_fsync_seconds_sum"));
    assertTrue(m.get("msgstore_partition_filesystem_free_bytes{partition=\"primary\"}") > 0);
    assertTrue(m.containsKey("msgstore_partition_bodies_bytes{partition=\"primary\"}"));
    assertTrue(
        m.keySet().stream().noneMatch(k -> k.contains("joe") || k.contains("ann")),
        "no per-user labels");
    HttpResponse<String> ready = get(port, "/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().startsWith("store ready caught up"), ready.body());

    Cli probe = Cli.run("msprobe", "-r", "--store", store());
    ok(probe);
    assertTrue(
        probe
            .out()
            .matches(
                "http,"
                    + port
                    + ",\\d+,OK,\"No error\"\nlmtp,"
                    + lmtpPort
                    + ",\\d+,OK,\"No error\"\nimap,"
                    + imapPort
                    + ",\\d+,OK,\"No error\"\n"),
        probe.out());

    Cli test = Cli.run("stored", "-t", "-v", "--store", store());
    ok(test);
    assertTrue(test.out().startsWith("ready: the daemon (pid " + pid + ")"), test.out());
    assertEquals("", Cli.run("stored", "-t", "--store", store()).out());

    Cli refused = Cli.run("stored", "-r", "--store", store());
    assertEquals(75, refused.exit(), refused::toString);
    assertTrue(refused.err().contains("(pid " + pid + ") has the store open"), refused.err());
    assertTrue(Files.isDirectory(root.resolve("projections")));

    // stopping a component leaves the daemon; stopping the daemon closes everything
    Cli stopHttp = Cli.run("stop-msg", "http", "--store", store());
    ok(stopHttp);
    assertEquals("http: stopped\n", stopHttp.out());
    try {
      get(port, "/health/live");
      fail("http still answers after stop-msg http");
    } catch (ConnectException expected) {
      // closed
    }
    ok(Cli.run("stored", "-t", "--store", store()));
    Cli bad = Cli.run("msprobe", "-r", "-n", "--store", store());
    assertEquals(69, bad.exit(), bad::toString);
    assertEquals(
        "http,-1,-1,BAD,\"Not running\"\nlmtp,"
            + lmtpPort
            + ",0,OK,\"No error\"\nimap,"
            + imapPort
            + ",0,OK,\"No error\"\n",
        bad.out().replaceAll("(lmtp|imap),(\\d+),\\d+,", "$1,$2,0,"));
    assertEquals(69, Cli.run("msprobe", "-r", "http", "--store", store()).exit());
    // without -n the daemon was asked to start it again
    assertEquals(200, get(port, "/health/live").statusCode());
    ok(Cli.run("msprobe", "--store", store()));

    // the same for lmtp: stopped, probed BAD, started again by the daemon, probed OK
    assertEquals("lmtp: stopped\n", Cli.run("stop-msg", "lmtp", "--store", store()).out());
    Cli lmtpBad = Cli.run("msprobe", "-r", "-n", "lmtp", "--store", store());
    assertEquals(69, lmtpBad.exit(), lmtpBad::toString);
    assertEquals("lmtp,-1,-1,BAD,\"Not running\"\n", lmtpBad.out());
    assertEquals(69, Cli.run("msprobe", "-r", "lmtp", "--store", store()).exit());
    Cli lmtpOk = Cli.run("msprobe", "-r", "lmtp", "--store", store());
    ok(lmtpOk);
    assertTrue(lmtpOk.out().matches("lmtp," + lmtpPort + ",\\d+,OK,\"No error\"\n"), lmtpOk.out());

    // and for imap: its greeting and a tagged NOOP; stopped, it probes BAD
    assertEquals("imap: stopped\n", Cli.run("stop-msg", "imap", "--store", store()).out());
    Cli imapBad = Cli.run("msprobe", "-r", "-n", "imap", "--store", store());
    assertEquals(69, imapBad.exit(), imapBad::toString);
    assertEquals("imap,-1,-1,BAD,\"Not running\"\n", imapBad.out());
    assertEquals(69, Cli.run("msprobe", "-r", "imap", "--store", store()).exit());
    Cli imapOk = Cli.run("msprobe", "-r", "imap", "--store", store());
    ok(imapOk);
    assertTrue(imapOk.out().matches("imap," + imapPort + ",\\d+,OK,\"No error\"\n"), imapOk.out());

    Cli stopped = Cli.run("stop-msg", "--store", store());
    ok(stopped);
    assertEquals("stopped the daemon (pid " + pid + ")\n", stopped.out());
    assertFalse(ProcessHandle.of(pid).isPresent());
    assertFalse(Files.exists(root.resolve("run/daemon.pid")));
    assertFalse(Files.exists(root.resolve("run/control.sock")));
    String log = Files.readString(root.resolve("log/msgstore.log"));
    assertTrue(log.contains("store closed") && log.contains("daemon stopped"), log);

    Cli notRunning = Cli.run("stored", "-t", "--store", store());
    assertEquals(69, notRunning.exit(), notRunning::toString);
    assertEquals(1, notRunning.err().lines().count(), notRunning.err());
    assertEquals(
        "no daemon runs on the store in " + root + "\n",
        Cli.run("stop-msg", "--store", store()).out());

    Cli removed = Cli.run("stored", "-r", "--store", store());
    ok(removed);
    assertFalse(Files.exists(root.resolve("projections")));
    Cli listed = Cli.run("mboxutil", "-l", "--store", store());
    ok(listed);
    assertTrue(listed.out().contains("user/ann/INBOX"), "rebuilt from the journal: " + listed);
  }

  /** {@code start-msg --foreground} in another JVM meets the lock: exit 75, one line. */
  private void secondDaemonRefuses(long first) throws Exception {
    List<String> cmd =
        ChildJava.command(
            List.of(),
            "dev.msgstore.commands.Main",
            "start-msg",
            "--foreground",
            "--store",
            store());
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the second daemon did not give up");
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(75, p.exitValue(), err);
      List<String> lines = err.lines().filter(l -> !l.startsWith("WARNING:")).toList();
      assertEquals(
          List.of(
              "start-msg: msgstore daemon: one already runs on the store in "
                  + root
                  + " (pid "
                  + first
                  + "); stop it with 'msgstore stop-msg' first"),
          lines);
    } finally {
      p.destroyForcibly();
    }
    assertTrue(ProcessHandle.of(first).isPresent());
  }

  @Test
  void aComponentThatCannotStartGivesItsOwnLineAndNoDaemonStays() throws Exception {
    ok(Cli.run("mboxutil", "-c", "user/joe/INBOX", "--store", store()));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      ok(Cli.run("configutil", "-o", "service.http.port", "-v", "" + port, "--store", store()));
      Cli c = Cli.run("start-msg", "http", "--store", store());
      assertEquals(69, c.exit(), c::toString);
      assertEquals(
          "start-msg: http: port "
              + port
              + " on 127.0.0.1 is in use; set another service.http.port\n",
          c.err());
    }
    assertEquals(69, Cli.run("stored", "-t", "--store", store()).exit());

    // the store alone starts, and -f kills it
    ok(Cli.run("start-msg", "store", "--store", store()));
    long pid = Long.parseLong(Files.readString(root.resolve("run/daemon.pid")).strip());
    Cli killed = Cli.run("stop-msg", "-f", "--store", store());
    ok(killed);
    assertEquals("stopped the daemon (pid " + pid + ") with SIGKILL\n", killed.out());
    assertFalse(ProcessHandle.of(pid).isPresent());
    assertFalse(Files.exists(root.resolve("run/daemon.pid")));
  }

  @Test
  void theWatcherStartsAKilledDaemonAgain() throws Exception {
    ok(Cli.run("mboxutil", "-c", "user/joe/INBOX", "--store", store()));
    ok(Cli.run("start-msg", "store", "--store", store()));
    long watcher = Long.parseLong(Files.readString(root.resolve("run/watcher.pid")).strip());
    long first = Long.parseLong(Files.readString(root.resolve("run/daemon.pid")).strip());
    ProcessHandle.of(first).orElseThrow().destroyForcibly(); // kill -9
    ProcessHandle.of(first).ifPresent(p -> p.onExit().join());
    long second = -1;
    Cli last = null;
    for (int i = 0; i < 300 && second < 0; i++) {
      Thread.sleep(100);
      last = Cli.run("stored", "-t", "--store", store());
      if (last.exit() == 0) {
        second = Long.parseLong(Files.readString(root.resolve("run/daemon.pid")).strip());
      }
    }
    assertTrue(second > 0 && second != first, "the daemon is not back: " + last);
    assertTrue(
        Files.readString(root.resolve("log/start.out"))
            .contains("watcher: the daemon (pid " + first + ") ended with 137; starting it again"));
    ok(Cli.run("mboxutil", "-c", "user/ann/INBOX", "--store", store()));

    ok(Cli.run("stop-msg", "--store", store()));
    assertFalse(ProcessHandle.of(second).isPresent());
    assertFalse(
        ProcessHandle.of(watcher).map(ProcessHandle::isAlive).orElse(false),
        "the watcher ends with the daemon");
    assertFalse(Files.exists(root.resolve("run/watcher.pid")));
  }

  @Test
  void componentsMsgstoreHasNotAndReplicationAreOneLineEach() {
    record Case(int exit, String err, String... args) {}
    String ours = "msgstore has store, http, lmtp, imap, purge, sched";
    for (Case c :
        List.of(
            new Case(
                64,
                "start-msg: mta: a component of the reference that msgstore does not"
                    + " have; "
                    + ours,
                "start-msg",
                "mta"),
            new Case(
                64,
                "start-msg: ens: a component of the reference that msgstore does not"
                    + " have; "
                    + ours,
                "start-msg",
                "store",
                "ens"),
            new Case(
                64,
                "stop-msg: pop: not in msgstore yet (it comes with its own issue); " + ours,
                "stop-msg",
                "pop"),
            new Case(64, "start-msg: bogus: no such component; " + ours, "start-msg", "bogus"),
            new Case(
                64,
                "msprobe: pop: not in msgstore yet (it comes with its own issue); " + ours,
                "msprobe",
                "pop"),
            new Case(
                69,
                "start-msg: -m: replication is not available in msgstore yet (DESIGN.md,"
                    + " Beyond one machine); this store runs alone",
                "start-msg",
                "-m"),
            new Case(
                69,
                "start-msg: ha: replication is not available in msgstore yet (DESIGN.md,"
                    + " Beyond one machine); this store runs alone",
                "start-msg",
                "ha"),
            new Case(
                69,
                "stop-msg: ha: replication is not available in msgstore yet (DESIGN.md,"
                    + " Beyond one machine); this store runs alone",
                "stop-msg",
                "ha"),
            new Case(
                69,
                "stored: -d: replication is not available in msgstore yet (DESIGN.md,"
                    + " Beyond one machine); this store runs alone",
                "stored",
                "-d",
                "host:1"),
            new Case(
                64,
                "stop-msg: -f stops the whole daemon (its components share one"
                    + " process): name no component",
                "stop-msg",
                "-f",
                "http"))) {
      String[] args =
          java.util.stream.Stream.concat(
                  java.util.Arrays.stream(c.args()), java.util.stream.Stream.of("--store", store()))
              .toArray(String[]::new);
      Cli r = Cli.run(args);
      assertEquals(c.exit(), r.exit(), () -> String.join(" ", c.args()) + ": " + r);
      assertEquals(c.err() + "\n", r.err(), String.join(" ", c.args()));
    }
    assertFalse(Files.exists(root.resolve("run")), "nothing was started");
  }

  @Test
  void storedRunsTheStoreInTheForegroundLogsAndStopsOnSigterm() throws Exception {
    ok(Cli.run("mboxutil", "-c", "user/joe/INBOX", "--store", store()));
    Path err = root.resolve("foreground.err");
    Process p =
        new ProcessBuilder(
                ChildJava.command(
                    List.of(), "dev.msgstore.commands.Main", "stored", "--store", store()))
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    try {
      String first =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertTrue(first != null && first.startsWith("store: caught up"), "printed: " + first);
      ok(Cli.run("stored", "-t", "--store", store()));
      p.destroy(); // SIGTERM, as systemd stops it
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(143, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
    String logged = Files.readString(err);
    assertTrue(
        logged.contains("daemon started") && logged.contains("daemon stopped"),
        "the log on standard error: " + logged);
    assertFalse(logged.contains("ERROR") || logged.contains("|-"), logged);
    assertTrue(Files.readString(root.resolve("log/msgstore.log")).contains("store closed"));
    assertEquals(69, Cli.run("stored", "-t", "--store", store()).exit());
  }

  @Test
  void storedKeepsTheProjectionsAnotherProcessHasOpen() throws Exception {
    ok(Cli.run("mboxutil", "-c", "user/joe/INBOX", "--store", store()));
    Process holder =
        new ProcessBuilder(ChildJava.command(List.of(), HoldStore.class.getName(), store()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String ready =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertTrue(ready != null && ready.startsWith("READY"), "the holder opened the store");
      Cli refused = Cli.run("stored", "-r", "--store", store());
      assertEquals(75, refused.exit(), refused::toString);
      assertEquals(
          "stored: another process has the projection environment in "
              + root.resolve("projections")
              + " open (a verb or a script); try again when it has ended\n",
          refused.err());
      assertTrue(Files.exists(root.resolve("projections/data.mdb")));
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
    ok(Cli.run("stored", "-r", "--store", store()));
    assertFalse(Files.exists(root.resolve("projections")));
  }

  @Test
  void storedRemovesOnlyWhatGoneProcessesLeft() throws Exception {
    ok(Cli.run("mboxutil", "-c", "user/joe/INBOX", "--store", store()));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long dead = gone.pid();
    long alive = ProcessHandle.current().pid();
    Path tmp = Files.createDirectories(root.resolve("partition/primary/bodies/tmp"));
    Path deadSpool = Files.writeString(tmp.resolve("spool-" + dead + "-1.tmp"), "x");
    Path liveSpool = Files.writeString(tmp.resolve("spool-" + alive + "-1.tmp"), "x");
    Path deadCopy = Files.createDirectories(root.resolve("projections.compact-" + dead));
    Files.createDirectories(root.resolve("run"));
    Path stalePid = Files.writeString(root.resolve("run/daemon.pid"), dead + "\n");

    Cli c = Cli.run("stored", "-R", "--store", store());
    ok(c);
    assertEquals(
        List.of("removed " + stalePid, "removed " + deadCopy, "removed " + deadSpool),
        c.out().lines().toList());
    assertTrue(Files.exists(liveSpool), "a live process's spool stays");
    assertEquals(
        "no temporary files to remove in " + root + "\n",
        Cli.run("stored", "-R", "--store", store()).out());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes /metrics; every line must follow the text format. */
  private Map<String, Double> metrics(int port) throws Exception {
    HttpResponse<String> r = get(port, "/metrics");
    assertEquals(200, r.statusCode());
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        r.headers().firstValue("Content-Type").orElse(""));
    return PrometheusText.parse(r.body());
  }
}
