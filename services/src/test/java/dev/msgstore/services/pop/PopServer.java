package dev.msgstore.services.pop;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.services.daemon.IdleTimeout;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.PasswordHashing;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real {@code pop} component on a free loopback port over a store in a temporary directory, with
 * users whose password is {@code pw-<name>}; {@link #restart()} closes the component and the store
 * and opens both again on the same port.
 */
final class PopServer implements AutoCloseable {
  static final Author ADMIN = Author.of("test", "PopServer");
  private static final PasswordHashing HASHING = new PasswordHashing(1000);

  final Path root;
  Store store;
  PopComponent pop;
  private final long idleUnitMillis;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  PopServer(Path root, String... users) throws IOException {
    this(root, Map.of(), users);
  }

  PopServer(Path root, Map<String, String> config, String... users) throws IOException {
    this(root, config, IdleTimeout.MINUTE_MILLIS, users);
  }

  /** With service.pop.idletimeout counted in {@code idleUnitMillis} (a second, say). */
  PopServer(Path root, Map<String, String> config, long idleUnitMillis, String... users)
      throws IOException {
    this.root = root;
    this.idleUnitMillis = idleUnitMillis;
    this.store = Store.open(root);
    for (String u : users) {
      DirectoryUser user =
          new DirectoryUser(
              u,
              "",
              u + "@example.com",
              List.of(),
              UserStatus.ACTIVE,
              0,
              QuotaLimits.NONE,
              "",
              "",
              "");
      store.execute(
          ADMIN,
          new CreateUserEntry(user, new PasswordHash(HASHING.hash(("pw-" + u).toCharArray()))));
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    store.execute(ADMIN, new SetConfig("service.pop.port", Integer.toString(port)));
    for (Map.Entry<String, String> e : config.entrySet()) {
      store.execute(ADMIN, new SetConfig(e.getKey(), e.getValue()));
    }
    startComponent();
  }

  private void startComponent() {
    pop = new PopComponent(idleUnitMillis);
    PopComponent started = pop;
    Store opened = store;
    pop.start(
        new DaemonContext() {
          @Override
          public Path root() {
            return root;
          }

          @Override
          public Store store() {
            return opened;
          }

          @Override
          public io.micrometer.core.instrument.MeterRegistry registry() {
            return registry;
          }

          @Override
          public Map<String, Health> health() {
            return Map.of("pop", started.health());
          }
        });
  }

  /** Closes the component and the store, then opens both again (a daemon restart). */
  void restart() {
    close();
    store = Store.open(root);
    startComponent();
  }

  int port() {
    return pop.port();
  }

  void deliver(String user, String message) throws IOException {
    store.append(
        Author.of("deliver", "test"),
        "user/" + user + "/INBOX",
        new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)),
        AppendOptions.DEFAULT.creating());
  }

  static String message(String subject, String body) {
    return "From: Ann <ann@example.com>\r\nTo: joe@example.com\r\nSubject: "
        + subject
        + "\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\nMessage-ID: <"
        + subject.hashCode()
        + "@example.com>\r\n\r\n"
        + body
        + "\r\n";
  }

  @Override
  public void close() {
    pop.close();
    store.close();
  }
}
