package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.bench.LmtpLoad;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.deliver.DeliverFastPath;
import dev.msgstore.journal.ChildJava;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * deliver against a real daemon with LMTP (a child JVM started by start-msg on free loopback
 * ports): the message goes over run/lmtp.sock and deliver exits with the code of the reply; a
 * recipient the daemon does not know gets deliver's own rule in-process; with no daemon, deliver
 * stores the message itself. And the bench's load generator running its transactions against the
 * same server, over TCP and the socket. The daemon's copy starts with the Return-Path line LMTP
 * puts first (the null path without -r), which an in-process delivery does not write: that is how
 * each test tells which path a message took.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliverThroughDaemonTest {
  @TempDir static Path dir;
  private Path root;
  private int lmtpPort;

  /** A message with bare LF line ends and a line starting with a dot: BDAT keeps both. */
  private static final byte[] MESSAGE =
      "From: mta@example.test\nSubject: handed off\nMessage-ID: <h1@example.test>\n\n.dot\nbody\n"
          .getBytes(StandardCharsets.US_ASCII);

  @BeforeAll
  void startTheDaemon() throws IOException {
    root = dir.resolve("store");
    for (String u : List.of("ann", "hal", "rem", "u1", "u2", "u3", "u4")) {
      ok("user", "create", u, "--mail", u + "@example.test");
      ok("mboxutil", "-c", "user/" + u + "/INBOX");
    }
    ok("user", "status", "hal", "hold");
    ok("user", "status", "rem", "removed");
    lmtpPort = freePort();
    ok("configutil", "-o", "service.lmtp.port", "-v", "" + lmtpPort);
    ok("configutil", "-o", "service.http.enable", "-v", "no");
    ok("start-msg");
    assertTrue(Files.exists(root.resolve("run/lmtp.sock")));
  }

  @AfterAll
  void stopTheDaemon() throws IOException {
    Cli.run("stop-msg", "--store", root.toString());
    for (String f : List.of("watcher.pid", "daemon.pid")) { // a failed stop: the watcher first
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

  private void ok(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--store");
    all.add(root.toString());
    Cli c = Cli.run(all.toArray(String[]::new));
    assertEquals(0, c.exit(), () -> String.join(" ", all) + ": " + c);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  record Run(int exit, String err) {}

  /** {@code msgstore deliver ARGS} as the launcher's fast path runs it, in this JVM. */
  private Run deliver(byte[] message, String... args) {
    List<String> all = new ArrayList<>(List.of("deliver", "--store", root.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        DeliverFastPath.run(
            all.toArray(String[]::new),
            new java.io.ByteArrayInputStream(message),
            new java.io.PrintStream(new ByteArrayOutputStream()),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return new Run(exit, err.toString(StandardCharsets.UTF_8));
  }

  /** The messages of {@code user}'s INBOX, their bytes in UID order. */
  private List<byte[]> inbox(Path store, String user) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (Store s = Store.open(store);
        ProjectionReader r = s.read()) {
      var box = r.mailbox("user/" + user + "/INBOX");
      if (box.isEmpty()) {
        return out;
      }
      for (var m : r.messages(box.get().id())) {
        try (InputStream in = s.openMessage(box.get(), m)) {
          out.add(in.readAllBytes());
        }
      }
    }
    return out;
  }

  private static byte[] concat(String first, byte[] rest) {
    byte[] f = first.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[f.length + rest.length];
    System.arraycopy(f, 0, out, 0, f.length);
    System.arraycopy(rest, 0, out, f.length, rest.length);
    return out;
  }

  private String daemonLog() throws IOException {
    return Files.readString(root.resolve("log/msgstore.log"));
  }

  @Test
  void theDaemonStoresTheMessageAndDeliverExitsWithTheCodeOfEachReply() throws IOException {
    Run delivered = deliver(MESSAGE, "ann");
    assertEquals(0, delivered.exit(), delivered.err());
    assertEquals("", delivered.err());
    List<byte[]> ann = inbox(root, "ann");
    assertArrayEquals(concat("Return-Path: <>\r\n", MESSAGE), ann.get(ann.size() - 1));

    Run sender = deliver(MESSAGE, "-r", "mta@example.test", "ann");
    assertEquals(0, sender.exit(), sender.err());
    ann = inbox(root, "ann");
    assertArrayEquals(
        concat("Return-Path: <mta@example.test>\r\n", MESSAGE), ann.get(ann.size() - 1));

    Run held = deliver(MESSAGE, "hal");
    assertEquals(75, held.exit(), held.err());
    assertTrue(held.err().startsWith("deliver: hal: 450 4.2.1 "), held.err());
    assertEquals(0, inbox(root, "hal").size());

    Run removed = deliver(MESSAGE, "rem");
    assertEquals(67, removed.exit(), removed.err());
    assertTrue(removed.err().startsWith("deliver: rem: 550 5.2.1 "), removed.err());

    // several recipients: one transaction, a reply each, the first failure's code
    int before = inbox(root, "ann").size();
    Run mixed = deliver(MESSAGE, "ann", "hal", "u1");
    assertEquals(75, mixed.exit(), mixed.err());
    assertEquals(1, mixed.err().lines().count(), mixed.err());
    assertEquals(before + 1, inbox(root, "ann").size());
    List<byte[]> u1 = inbox(root, "u1");
    assertArrayEquals(concat("Return-Path: <>\r\n", MESSAGE), u1.get(u1.size() - 1));
    // one line for the transaction: the session, the refusal at RCPT, then where each copy went
    String line =
        daemonLog()
            .lines()
            .filter(l -> l.contains("hal: 450 4.2.1 ") && l.contains("; u1: "))
            .findFirst()
            .orElse(daemonLog());
    assertTrue(
        java.util.regex.Pattern.compile(
                " - lmtp\\([^)]+\\): from=<>, \\d+ bytes: hal: 450 4\\.2\\.1 [^;]+; ann: saved mail to INBOX \\(uid"
                    + " \\d+\\); u1: saved mail to INBOX \\(uid \\d+\\)$")
            .matcher(line)
            .find(),
        line);
  }

  @Test
  void theVerbItselfHandsOffWhenTheLauncherRunsIt() throws IOException {
    StringWriter err = new StringWriter();
    String[] args = {"deliver", "--store", root.toString(), "u2"};
    CliContext launcher =
        CliContext.launcher(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            new java.io.ByteArrayInputStream(MESSAGE),
            Map.of(),
            "tester",
            List.of(args));
    assertEquals(0, Main.run(launcher, args), err::toString);
    List<byte[]> u2 = inbox(root, "u2");
    assertArrayEquals(concat("Return-Path: <>\r\n", MESSAGE), u2.get(u2.size() - 1));
  }

  @Test
  void aUserTheDaemonDoesNotKnowGetsDeliversOwnRuleInProcess() throws IOException {
    // deliver makes the INBOX of a user id the store does not know yet; LMTP makes no account
    Run first = deliver(MESSAGE, "newbie");
    assertEquals(0, first.exit(), first.err());
    assertTrue(daemonLog().contains("newbie: 550 5.1.1"), "the daemon was asked first");
    List<byte[]> newbie = inbox(root, "newbie");
    assertEquals(1, newbie.size());
    assertArrayEquals(MESSAGE, newbie.get(0), "stored in-process: no Return-Path line");

    // now the store knows them: the next one goes through the daemon
    Run second = deliver(MESSAGE, "newbie");
    assertEquals(0, second.exit(), second.err());
    assertArrayEquals(concat("Return-Path: <>\r\n", MESSAGE), inbox(root, "newbie").get(1));

    // MSGSTORE_DELIVER=local: never through the daemon
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int local =
        DeliverFastPath.run(
            new String[] {"deliver", "--store", root.toString(), "newbie"},
            new java.io.ByteArrayInputStream(MESSAGE),
            new java.io.PrintStream(new ByteArrayOutputStream()),
            new java.io.PrintStream(err),
            Map.of("MSGSTORE_DELIVER", "local"));
    assertEquals(0, local, err.toString());
    assertArrayEquals(MESSAGE, inbox(root, "newbie").get(2));
  }

  @Test
  void withNoDaemonDeliverStoresTheMessageItself() throws IOException {
    Path other = dir.resolve("no-daemon");
    Cli created = Cli.run("mboxutil", "-c", "user/ann/INBOX", "--store", other.toString());
    assertEquals(0, created.exit(), created::toString);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        DeliverFastPath.run(
            new String[] {"deliver", "--store", other.toString(), "ann"},
            new java.io.ByteArrayInputStream(MESSAGE),
            new java.io.PrintStream(new ByteArrayOutputStream()),
            new java.io.PrintStream(err),
            Map.of());
    assertEquals(0, exit, err.toString());
    assertEquals(
        List.of(new String(MESSAGE, StandardCharsets.US_ASCII)),
        inbox(other, "ann").stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList());
  }

  @Test
  void aProcessOfItsOwnHandsOffWithoutTheStoresLibraries() throws Exception {
    Path classes = dir.resolve("classes.log");
    Path in = Files.write(dir.resolve("message.eml"), MESSAGE);
    List<String> cmd =
        ChildJava.command(
            List.of("-Xlog:class+load=info:file=" + classes),
            DeliverFastPath.class.getName(),
            "deliver",
            "--store",
            root.toString(),
            "u3");
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(in.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.out").toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "deliver did not finish");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.out")));
    List<byte[]> u3 = inbox(root, "u3");
    assertArrayEquals(concat("Return-Path: <>\r\n", MESSAGE), u3.get(u3.size() - 1));
    List<String> loaded =
        Files.readAllLines(classes).stream()
            .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", ""))
            .map(l -> l.split(" ")[0])
            .toList();
    assertTrue(loaded.contains("dev.msgstore.commands.deliver.LmtpHandOff"), "the log is read");
    for (String library :
        List.of("net.openhft.", "org.lmdbjava.", "picocli.", "groovy.", "jakarta.mail.internet.")) {
      List<String> found = loaded.stream().filter(c -> c.startsWith(library)).toList();
      assertEquals(List.of(), found, "deliver's hand-off loaded " + library + " classes");
    }
  }

  /**
   * The launcher's training run for the fast path's AOT cache rehearses a hand-off against the
   * running daemon (connect, LHLO, MAIL, RSET, QUIT) and delivers nothing. (The cache itself is not
   * recorded here: the JDK records one only from a class path of jars, and tests run on classes.)
   */
  @Test
  void theTrainingRunRehearsesAHandOffAndDeliversNothing() throws Exception {
    int before = inbox(root, "u4").size();
    String logBefore = daemonLog();
    List<String> cmd =
        ChildJava.command(
            List.of(), DeliverFastPath.class.getName(), "--aot-training", root.toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("training.out").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the training run did not finish");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("training.out")));
    assertEquals(before, inbox(root, "u4").size());
    String logAfter = daemonLog().substring(logBefore.length());
    assertFalse(logAfter.contains("saved mail"), logAfter);
    assertTrue(logAfter.isEmpty() || !logAfter.contains("ERROR"), logAfter);
  }

  @Test
  void theLoadGeneratorRunsItsTransactionsAgainstTheServer() throws Exception {
    List<int[]> counts = new ArrayList<>();
    for (LmtpLoad.Endpoint server :
        List.of(
            new LmtpLoad.Tcp("127.0.0.1", lmtpPort),
            new LmtpLoad.Unix(root.resolve("run/lmtp.sock")))) {
      int[] before = new int[4];
      for (int u = 1; u <= 4; u++) {
        before[u - 1] = inbox(root, "u" + u).size();
      }
      LmtpLoad.Figures f =
          LmtpLoad.run(server, new LmtpLoad.Plan(3, 4, "example.test", 5, 0, 1_500));
      assertEquals(0, f.failed(), f.firstFailure());
      assertTrue(f.messages() >= 4, server + ": " + f);
      assertTrue(f.p99Micros() >= f.p50Micros() && f.p50Micros() > 0);
      int stored = 0;
      for (int u = 1; u <= 4; u++) {
        List<byte[]> box = inbox(root, "u" + u);
        int added = box.size() - before[u - 1];
        assertTrue(added > 0, "u" + u + " got none of " + f.messages());
        stored += added;
        String last = new String(box.get(box.size() - 1), StandardCharsets.US_ASCII);
        assertTrue(last.contains("@bench.example.com>"), "a message of the generator's");
        assertTrue(last.contains("To: u" + u + "@example.test\r\n"), "to its own user");
      }
      // every transaction that got 250 is stored (and those of the first moments, not counted)
      assertTrue(stored >= f.messages(), stored + " stored, " + f.messages() + " counted");
      counts.add(new int[] {stored});
    }
    // a recipient the server does not know: the loop counts the refusals and goes on
    LmtpLoad.Figures unknown =
        LmtpLoad.run(
            new LmtpLoad.Tcp("127.0.0.1", lmtpPort),
            new LmtpLoad.Plan(2, 5, "example.test", 6, 0, 1_000));
    assertTrue(unknown.failed() > 0, unknown::toString);
    assertTrue(unknown.messages() > 0, unknown::toString);
    assertTrue(
        unknown.firstFailure().startsWith("550 5.1.1 <u5@example.test>"), unknown.firstFailure());
    assertFalse(counts.isEmpty());
  }
}
