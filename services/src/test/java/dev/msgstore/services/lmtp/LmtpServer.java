package dev.msgstore.services.lmtp;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lmtp component in this JVM, on a store of its own and a free loopback port: the verbs that
 * prepare the store (users, options) run first, through the launcher's entry point, then the store
 * is opened and the component started as the daemon would.
 */
final class LmtpServer implements AutoCloseable, DaemonContext {
  final Path root;
  final int port;
  final Store store;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final LmtpComponent component;
  private boolean closed;

  /** Starts it after running each verb line of {@code setup} on the store (no --store needed). */
  LmtpServer(Path root, List<List<String>> setup) throws IOException {
    this(root, setup, new LmtpComponent());
  }

  /** As above, with a component made by the test. */
  LmtpServer(Path root, List<List<String>> setup, LmtpComponent component) throws IOException {
    this.root = root;
    this.component = component;
    this.port = freePort();
    verb("configutil", "-o", "service.lmtp.port", "-v", "" + port);
    for (List<String> line : setup) {
      verb(line.toArray(String[]::new));
    }
    store = Store.open(root);
    java.nio.file.Files.createDirectories(
        root.resolve("run")); // the daemon's, where the socket goes
    component.start(this);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Runs a verb on the store (before it is opened here): exit 0 expected. */
  void verb(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--store");
    all.add(root.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] a = all.toArray(String[]::new);
    CliContext ctx =
        new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), "tester", List.of(a));
    int code = Main.run(ctx, a);
    if (code != 0) {
      throw new AssertionError(String.join(" ", all) + ": exit " + code + ": " + err + out);
    }
  }

  /**
   * The messages of {@code mailbox}, with their bytes, in UID order; empty if it does not exist.
   */
  List<byte[]> messages(String mailbox) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      var box = r.mailbox(mailbox);
      if (box.isEmpty()) {
        return out;
      }
      MailboxRecord m = box.get();
      for (MessageRecord msg : r.messages(m.id())) {
        try (InputStream in = store.openMessage(m, msg)) {
          out.add(in.readAllBytes());
        }
      }
    }
    return out;
  }

  /** Messages in every mailbox of the store. */
  long messageCount() {
    long n = 0;
    try (ProjectionReader r = store.read()) {
      for (MailboxRecord m : r.mailboxes("")) {
        n += r.messages(m.id()).size();
      }
    }
    return n;
  }

  double counter(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  double sessions() {
    var g = registry.find("msgstore.lmtp.sessions").gauge();
    return g == null ? -1 : g.value();
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public Store store() {
    return store;
  }

  @Override
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public Map<String, Health> health() {
    return Map.of("lmtp", component.health());
  }

  /** Stops the component (gracefully) but keeps the store open for reading. */
  void stopServing() {
    if (!closed) {
      closed = true;
      component.close();
    }
  }

  @Override
  public void close() {
    stopServing();
    store.close();
  }
}
