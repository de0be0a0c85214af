package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.services.daemon.Components;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** refresh and counterutil against a real daemon in a child JVM, as an administrator uses them. */
class DaemonOpsTest {
  @TempDir Path root;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void killLeftovers() throws IOException {
    for (String f : List.of("watcher.pid", "daemon.pid")) { // the watcher first: it restarts
      Path pid = root.resolve("run").resolve(f);
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
            .ifPresent(
                p -> {
                  p.destroyForcibly();
                  p.onExit().join();
                });
      }
    }
  }

  private Cli run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--store";
    all[args.length + 1] = root.toString();
    return Cli.run(all);
  }

  private Cli ok(String... args) {
    Cli c = run(args);
    assertEquals(0, c.exit(), () -> String.join(" ", args) + ": " + c);
    return c;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private int status(int port) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String log() throws IOException {
    return Files.readString(root.resolve("log/msgstore.log"));
  }

  @Test
  void refreshAppliesRefreshableOptionsAndNamesThoseNeedingARestart() throws Exception {
    ok("mboxutil", "-c", "user/joe/INBOX");
    int port = freePort();
    ok("configutil", "-o", "service.http.port", "-v", "" + port);
    ok("start-msg", "store", "http");
    assertEquals(
        "store: nothing changed since it started\nhttp: nothing changed since it started\n",
        ok("refresh").out());

    // a refreshable option: the store component's log level, taken up without a restart
    ok("mboxutil", "-c", "user/ann/INBOX");
    ok("configutil", "-o", "logfile.store.loglevel", "-v", "Debug");
    assertFalse(log().contains("DEBUG"), "nothing at debug level before the refresh");
    assertEquals(
        "store: applied logfile.store.loglevel = Debug (was Notice)\n",
        ok("refresh", "store").out());
    ok("mboxutil", "-c", "user/bob/INBOX");
    String debug = "";
    for (int i = 0; i < 100 && debug.isEmpty(); i++) {
      debug =
          log()
              .lines()
              .filter(l -> l.contains(" DEBUG ") && l.contains("mailbox."))
              .findFirst()
              .orElse("");
      Thread.sleep(50);
    }
    assertTrue(
        debug.contains("by tester: [directory.user-created, mailbox.created]"),
        "the tail logs each commit: " + debug);
    assertTrue(
        log().contains("store: logfile.store.loglevel = Debug (was Notice), applied"), log());

    // a non-refreshable one: reported until the component restarts, and not applied meanwhile
    int other = freePort();
    ok("configutil", "-o", "service.http.port", "-v", "" + other);
    String restart =
        "http: service.http.port = "
            + other
            + " (was "
            + port
            + "): needs a restart (stop-msg http, then start-msg http)\n";
    assertEquals(restart, ok("refresh", "http").out());
    assertEquals("store: nothing changed since it started\n" + restart, ok("refresh").out());
    assertEquals(200, status(port));
    assertTrue(log().contains("http: service.http.port = " + other + " (was " + port + ")"));
    ok("stop-msg", "http");
    assertEquals("http: not running; nothing to refresh\n", ok("refresh", "http").out());
    ok("start-msg", "http");
    assertEquals(200, status(other));
    assertEquals("http: nothing changed since it started\n", ok("refresh", "http").out());

    // components msgstore has not: one line, 64, nothing written
    String journal = ok("journal").out();
    Cli mta = run("refresh", "mta");
    assertEquals(64, mta.exit(), mta::toString);
    assertEquals(
        "refresh: mta: a component of the reference that msgstore does not have; msgstore has "
            + String.join(", ", Components.names())
            + "\n",
        mta.err());
    assertEquals(journal, ok("journal").out());
    List<String> requests =
        ok("journal", "--type", "maintenance.refresh-requested").out().lines().toList();
    assertEquals(6, requests.size(), requests::toString);

    ok("stop-msg");
    assertEquals(
        "no daemon runs on the store in "
            + root
            + "; nothing to refresh (a daemon reads the configuration when it starts)\n",
        ok("refresh").out());
    assertEquals(journal, ok("journal").out(), "no request is written when no daemon runs");
  }

  @Test
  void counterutilListsMonitorsAndResetsTheDaemonsCounters() throws Exception {
    ok("mboxutil", "-c", "user/joe/INBOX");
    Cli none = run("counterutil", "-l");
    assertEquals(69, none.exit(), none::toString);
    assertEquals(
        "counterutil: no daemon runs on the store in "
            + root
            + "; start it with 'msgstore start-msg'\n",
        none.err());
    int port = freePort();
    ok("configutil", "-o", "service.http.port", "-v", "" + port);
    ok("start-msg", "store", "http");

    StringBuilder listing =
        new StringBuilder("Listing registry (" + root.resolve("run/control.sock") + ")\n");
    listing.append("numobjects = 5\n");
    for (String[] o :
        List.of(
            new String[] {"imapstat", "imap"},
            new String[] {"popstat", "pop"},
            new String[] {"lmtpstat", "lmtp"})) {
      listing
          .append("     entry = ")
          .append(o[0])
          .append(" (its component ")
          .append(o[1])
          .append(
              Components.names().contains(o[1])
                  ? " is not running ('msgstore start-msg " + o[1] + "')"
                  : " is not in msgstore yet")
          .append(")\n");
    }
    listing.append("     entry = storestat\n     entry = diskusage\n");
    assertEquals(listing.toString(), ok("counterutil", "-l").out());

    ok("mboxutil", "-c", "user/ann/INBOX");
    awaitCommits(1);
    List<String> monitored =
        ok("counterutil", "-o", "storestat", "-i", "1", "-n", "2").out().lines().toList();
    assertEquals(
        List.of(
            "Monitor counterobject (storestat)",
            "registry " + root.resolve("run/control.sock") + " opened",
            "counterobject storestat opened",
            ""),
        monitored.subList(0, 4));
    assertTrue(monitored.get(4).matches("count = 1 at \\d{10}"), monitored::toString);
    assertEquals(2, monitored.stream().filter(l -> l.startsWith("count = ")).count());
    assertEquals(
        2,
        monitored.stream().filter(l -> l.equals("msgstore_journal_commits_total: 1")).count(),
        monitored::toString);
    assertTrue(
        monitored.stream().anyMatch(l -> l.matches("msgstore_journal_fsync_seconds_count: \\d+")),
        monitored::toString);

    // a reset is counterutil's: the counter shows 0, /metrics keeps counting
    assertEquals(
        "counter msgstore_journal_commits_total of storestat reset to 0 (was 1); /metrics keeps"
            + " counting\n",
        ok("counterutil", "-s", "-o", "storestat", "-c", "msgstore_journal_commits_total").out());
    assertTrue(storestat().contains("msgstore_journal_commits_total: 0\n"));
    ok("mboxutil", "-c", "user/bob/INBOX");
    awaitCommits(1);
    assertTrue(storestat().contains("msgstore_journal_commits_total: 1\n"), storestat());

    String disk = ok("counterutil", "-o", "diskusage", "-n", "1").out();
    assertTrue(
        disk.lines()
            .anyMatch(
                l ->
                    l.matches(
                        "msgstore_partition_filesystem_free_bytes\\{partition=\"primary\"}: \\d+")),
        disk);

    for (List<String> bad :
        List.of(
            List.of(
                "counterutil",
                "-s",
                "-o",
                "diskusage",
                "-c",
                "msgstore_partition_filesystem_free_bytes{partition=\"primary\"}"),
            List.of("counterutil", "-s", "-o", "storestat", "-c", "nosuch"),
            List.of("counterutil", "-o", "bogus"),
            List.of("counterutil", "-o", "storestat", "-c", "x"),
            List.of("counterutil", "-l", "-n", "2"),
            List.of("counterutil"))) {
      Cli c = run(bad.toArray(String[]::new));
      assertEquals(64, c.exit(), () -> bad + ": " + c);
      assertEquals(1, c.err().lines().count(), c::toString);
    }
    Cli lmtp = run("counterutil", "-o", "lmtpstat", "-n", "1");
    assertEquals(69, lmtp.exit(), lmtp::toString);
    assertTrue(
        lmtp.err().startsWith("counterutil: lmtpstat: its component lmtp is not"), lmtp.err());
    ok("stop-msg");
  }

  private String storestat() {
    return ok("counterutil", "-o", "storestat", "-n", "1").out();
  }

  /** Waits until the daemon's tail has read {@code n} commits. */
  private void awaitCommits(int n) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (storestat().contains("msgstore_journal_commits_total: " + n + "\n")) {
        return;
      }
      Thread.sleep(50);
    }
  }
}
