package dev.msgstore.commands.bench;

import dev.msgstore.journal.FileTrees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private Dovecot instance to measure beside msgstore: Debian's {@code dovecot-core} and {@code
 * dovecot-lmtpd}, configured in a scratch directory (its own base_dir, state_dir, log, Maildirs),
 * never the system's service. Maildir with {@code mail_fsync = optimized} (Dovecot's default: an
 * acknowledged delivery is on disk), {@code users} users u1..uN in a passwd-file (no password: LMTP
 * needs none), LMTP on a free loopback port, started in the foreground as a child of the bench and
 * stopped with it.
 */
final class DovecotPeer implements AutoCloseable {
  private static final List<Path> BINARIES =
      List.of(Path.of("/usr/sbin/dovecot"), Path.of("/usr/local/sbin/dovecot"));

  private final Path dir;
  private final Path binary;
  private final Process master;
  private final int port;
  private final String version;

  private DovecotPeer(Path dir, Path binary, Process master, int port, String version) {
    this.dir = dir;
    this.binary = binary;
    this.master = master;
    this.port = port;
    this.version = version;
  }

  /** The dovecot binary, if installed. */
  static Optional<Path> binary() {
    return BINARIES.stream().filter(Files::isExecutable).findFirst();
  }

  /** dovecot-lda beside it, if installed. */
  Optional<Path> lda() {
    Path lda = binary.getParent().resolveSibling("lib/dovecot/dovecot-lda");
    return Files.isExecutable(lda) ? Optional.of(lda) : Optional.empty();
  }

  /**
   * Configures and starts an instance in a directory of its own, ready for LMTP when this returns.
   * Not under the bench's scratch directory: Dovecot's auth process and its mail user must reach
   * the instance's files, and a temporary directory is private to its owner. This one is 0711, and
   * {@link #close} deletes it.
   */
  static DovecotPeer start(Path binary, int users, String domain)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("msgstore-bench-dovecot");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("state"));
    boolean root = "root".equals(System.getProperty("user.name"));
    String owner = root ? "mail" : System.getProperty("user.name");
    int[] ids = ids(owner);
    if (root) {
      run(List.of("chown", owner + ":", mail.toString()));
    }
    StringBuilder passwd = new StringBuilder();
    for (int u = 1; u <= users; u++) {
      passwd
          .append("u")
          .append(u)
          .append("::")
          .append(ids[0])
          .append(':')
          .append(ids[1])
          .append("::")
          .append(mail.resolve("u" + u))
          .append("::\n");
    }
    Files.writeString(dir.resolve("users"), passwd);
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      Files.writeString(dir.resolve("dovecot.conf"), config(dir, owner, ids, port, root, domain));
      Process p =
          new ProcessBuilder(binary.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("dovecot.out").toFile())
              .start();
      DovecotPeer peer = new DovecotPeer(dir, binary, p, port, version(binary));
      try {
        peer.awaitGreeting();
        return peer;
      } catch (IOException e) {
        last = e;
        peer.stop();
      }
    }
    FileTrees.delete(dir);
    throw last;
  }

  private static String config(
      Path dir, String owner, int[] ids, int port, boolean root, String domain) {
    String users = dir.resolve("users").toString();
    return String.join(
        "\n",
        "# A private instance for msgstore bench, not the system's Dovecot.",
        "base_dir = " + dir.resolve("run"),
        "state_dir = " + dir.resolve("state"),
        "instance_name = msgstore-bench-dovecot-" + port,
        "log_path = " + dir.resolve("dovecot.log"),
        "protocols = lmtp",
        "listen = 127.0.0.1",
        "ssl = no",
        "mail_location = maildir:~/Maildir",
        "mail_fsync = optimized",
        "first_valid_uid = " + Math.min(ids[0], 500),
        "first_valid_gid = " + Math.min(ids[1], 500),
        "mail_uid = " + owner,
        "mail_gid = " + ids[1],
        root ? "" : "default_internal_user = " + owner,
        root ? "" : "default_login_user = " + owner,
        "recipient_delimiter = +",
        "postmaster_address = postmaster@" + domain,
        "auth_username_format = %Ln",
        "passdb {",
        "  driver = passwd-file",
        "  args = " + users,
        "}",
        "userdb {",
        "  driver = passwd-file",
        "  args = " + users,
        "}",
        "service lmtp {",
        "  inet_listener lmtp {",
        "    address = 127.0.0.1",
        "    port = " + port,
        "  }",
        "}",
        "");
  }

  /** Waits up to 15 s for the LMTP greeting on the port. */
  private void awaitGreeting() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IOException("dovecot ended at start: " + log());
      }
      try (var s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(5000);
        byte[] b = new byte[3];
        if (s.getInputStream().readNBytes(b, 0, 3) == 3
            && new String(b, StandardCharsets.US_ASCII).equals("220")) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(50);
    }
    throw new IOException(
        "dovecot's LMTP did not answer on port " + port + ": " + last + "; " + log());
  }

  private String log() {
    try {
      String out = Files.readString(dir.resolve("dovecot.out"));
      Path log = dir.resolve("dovecot.log");
      return (out + (Files.exists(log) ? Files.readString(log) : "")).strip().replace('\n', ' ');
    } catch (IOException e) {
      return "(no log)";
    }
  }

  LmtpLoad.Endpoint endpoint() {
    return new LmtpLoad.Tcp("127.0.0.1", port);
  }

  Path config() {
    return dir.resolve("dovecot.conf");
  }

  long pid() {
    return master.pid();
  }

  String version() {
    return version;
  }

  /** Messages in the instance's Maildirs (new/ and cur/). */
  long messagesStored() throws IOException {
    long n = 0;
    try (var users = Files.list(dir.resolve("mail"))) {
      for (Path u : users.toList()) {
        for (String sub : new String[] {"new", "cur"}) {
          Path d = u.resolve("Maildir").resolve(sub);
          if (Files.isDirectory(d)) {
            try (var files = Files.list(d)) {
              n += files.count();
            }
          }
        }
      }
    }
    return n;
  }

  /** Stops the instance and deletes its directory. */
  @Override
  public void close() {
    stop();
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      // a temporary directory left behind; the bench's figures stand
    }
  }

  /** Stops the master (SIGTERM: it stops its workers) and waits for every one of them. */
  private void stop() {
    List<ProcessHandle> workers = new ArrayList<>(master.descendants().toList());
    master.destroy();
    try {
      if (!master.waitFor(10, TimeUnit.SECONDS)) {
        master.destroyForcibly();
        master.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      master.destroyForcibly();
    }
    for (ProcessHandle w : workers) {
      if (w.isAlive()) {
        w.destroy();
      }
    }
    for (ProcessHandle w : workers) {
      try {
        w.onExit().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException
          | InterruptedException e) {
        w.destroyForcibly();
      }
    }
  }

  private static String version(Path binary) {
    try {
      Process p =
          new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
      int space = v.indexOf(' ');
      return space > 0 ? v.substring(0, space) : v;
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return "?";
    }
  }

  /** The user's uid and gid, from /etc/passwd. */
  private static int[] ids(String user) throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
      String[] f = line.split(":");
      if (f.length > 3 && f[0].equals(user)) {
        return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
      }
    }
    throw new IOException("no user " + user + " in /etc/passwd for Dovecot's mail_uid");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + ": " + out.strip());
    }
  }
}
