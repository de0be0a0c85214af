package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * msgstore's daemon with LMTP, on a scratch store of its own, as a child process started the way an
 * administrator starts it ({@code msgstore start-msg --store DIR}) and stopped with {@code
 * stop-msg}. The store gets {@code users} users u1..uN of the embedded directory, addressed {@code
 * uN@domain}, each with an INBOX, before the daemon starts; LMTP listens on a free loopback port
 * and on {@code run/lmtp.sock}.
 */
final class MsgstoreDaemon implements AutoCloseable {
  private final Path root;
  private final int port;
  private final long pid;

  private MsgstoreDaemon(Path root, int port, long pid) {
    this.root = root;
    this.port = port;
    this.pid = pid;
  }

  /** Whether a daemon can be started from here: the launcher, or the services module's classes. */
  static boolean available() {
    if (System.getProperty("msgstore.launcher") != null) {
      return true;
    }
    try {
      Class.forName(
          "dev.msgstore.services.daemon.Daemon", false, MsgstoreDaemon.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Makes the store at {@code root} with its users (a store already there is refused). */
  static void provision(Path root, int users, String domain, int lmtpPort) throws IOException {
    if (Files.exists(root)) {
      throw new IOException("the scratch store " + root + " exists already");
    }
    Author a = Author.of("bench", "msgstore bench lmtp");
    try (Store s = Store.open(root)) {
      for (int u = 1; u <= users; u++) {
        s.execute(
            a,
            new CreateUserEntry(
                new DirectoryUser(
                    "u" + u,
                    "",
                    "u" + u + "@" + domain,
                    List.of(),
                    UserStatus.ACTIVE,
                    0,
                    QuotaLimits.NONE,
                    "",
                    "",
                    ""),
                PasswordHash.NONE));
      }
      DeliveryBench.provision(s, users);
      s.execute(a, new SetConfig("service.lmtp.enable", "yes"));
      s.execute(a, new SetConfig("service.lmtp.port", Integer.toString(lmtpPort)));
      s.execute(a, new SetConfig("service.http.enable", "no"));
    }
  }

  /** Provisions a store at {@code root} and starts its daemon; ready for LMTP when this returns. */
  static MsgstoreDaemon start(Path root, int users, String domain)
      throws IOException, InterruptedException {
    int port = freePort();
    provision(root, users, domain, port);
    Ran r = msgstore(root, "start-msg");
    if (r.exit() != 0) {
      throw new IOException("start-msg failed (" + r.exit() + "): " + r.output().strip());
    }
    long pid = Long.parseLong(Files.readString(root.resolve("run/daemon.pid")).strip());
    return new MsgstoreDaemon(root, port, pid);
  }

  LmtpLoad.Endpoint tcp() {
    return new LmtpLoad.Tcp("127.0.0.1", port);
  }

  LmtpLoad.Endpoint unix() {
    return new LmtpLoad.Unix(root.resolve("run/lmtp.sock"));
  }

  Path root() {
    return root;
  }

  long pid() {
    return pid;
  }

  /** {@code msgstore stop-msg}: graceful, waits for the daemon and its watcher to end. */
  @Override
  public void close() throws IOException {
    Ran r;
    try {
      r = msgstore(root, "stop-msg");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the daemon", e);
    }
    ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    if (r.exit() != 0) {
      throw new IOException("stop-msg failed (" + r.exit() + "): " + r.output().strip());
    }
  }

  /** The exit code and output of a command. */
  private record Ran(int exit, String output) {}

  /**
   * {@code msgstore VERB --store ROOT}, its output in a file: a pipe would stay open as long as any
   * process it starts in the background (the watcher, the daemon) kept it.
   */
  private static Ran msgstore(Path root, String verb) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(FreshJvm.msgstore());
    cmd.add(verb);
    cmd.add("--store");
    cmd.add(root.toString());
    Path out = Files.createTempFile("msgstore-bench", ".out");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("msgstore " + verb + " did not finish in 120 s");
      }
      return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
