package dev.msgstore.services.imap;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
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
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real {@code imap} component on a free loopback port over a store in a temporary directory, with
 * users whose password is {@code pw-<name>}: what the client tests connect to.
 */
final class ImapServer implements AutoCloseable {
  static final Author ADMIN = Author.of("test", "ImapServer");
  private static final PasswordHashing HASHING = new PasswordHashing(1000);

  final Path root;
  final Store store;
  final ImapComponent imap;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  ImapServer(Path root, String... users) throws IOException {
    this(root, Map.of(), users);
  }

  /** With {@code config} set in the store before the component starts. */
  ImapServer(Path root, Map<String, String> config, String... users) throws IOException {
    this(root, config, new ImapComponent(), users);
  }

  /** With {@code imap} as the component (one counting its idle timeout in seconds, say). */
  ImapServer(Path root, Map<String, String> config, ImapComponent imap, String... users)
      throws IOException {
    this.root = root;
    this.imap = imap;
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
    store.execute(ADMIN, new SetConfig("service.imap.port", Integer.toString(port)));
    for (Map.Entry<String, String> e : config.entrySet()) {
      store.execute(ADMIN, new SetConfig(e.getKey(), e.getValue()));
    }
    try {
      start();
    } catch (RuntimeException e) {
      store.close(); // a component that cannot start leaves no store open behind the test
      throw e;
    }
  }

  private void start() {
    imap.start(
        new DaemonContext() {
          @Override
          public Path root() {
            return root;
          }

          @Override
          public Store store() {
            return store;
          }

          @Override
          public io.micrometer.core.instrument.MeterRegistry registry() {
            return registry;
          }

          @Override
          public Map<String, Health> health() {
            return Map.of("imap", imap.health());
          }
        });
  }

  int port() {
    return imap.port();
  }

  /** The server's (self-signed) certificate as it is in its keystore. */
  Certificate certificate() throws IOException, GeneralSecurityException {
    Path tls = root.resolve("config/tls");
    char[] password = Files.readAllLines(tls.resolve("keystore.pass")).get(0).strip().toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.resolve("keystore.p12"))) {
      ks.load(in, password);
    }
    return ks.getCertificate(ks.aliases().nextElement());
  }

  /** Writes the server's certificate to {@code pem}, for a client to trust (--cafile). */
  Path caPem(Path pem) throws IOException, GeneralSecurityException {
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    return pem;
  }

  /** Delivers a message as {@code deliver} does: through the store, not through IMAP. */
  void deliver(String mailbox, String message) throws IOException {
    store.append(
        Author.of("deliver", "test"),
        mailbox,
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
    imap.close();
    store.close();
  }
}
