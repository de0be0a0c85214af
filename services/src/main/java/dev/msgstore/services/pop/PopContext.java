package dev.msgstore.services.pop;

import dev.msgstore.services.auth.Connections;
import dev.msgstore.services.auth.LastAccessRecorder;
import dev.msgstore.services.auth.Logins;
import dev.msgstore.services.auth.Plaintext;
import dev.msgstore.services.tls.ServerTls;
import dev.msgstore.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every session of the {@code pop} component shares: the store, the logins, TLS, the maildrop
 * locks, and the meters (named {@code msgstore_pop_*}, as counterutil reads them).
 */
final class PopContext {
  /** RFC 1939 section 3: an autologout timer of at least 10 minutes. */
  static final int DEFAULT_IDLE_MINUTES = 10;

  /** RFC 2449 section 4: a command line is at most 255 octets; an AUTH response may be longer. */
  static final int MAX_LINE = 8 * 1024;

  private final Store store;
  private final Logins logins;
  private final Plaintext plaintext;
  private final ServerTls tls;
  private final int idleMillis;
  private final MeterRegistry registry;
  private final Counter loginFailures;
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();
  private final Map<String, PopSession> locks = new ConcurrentHashMap<>();
  final Set<PopSession> sessions = ConcurrentHashMap.newKeySet();
  private final LastAccessRecorder accesses;

  PopContext(
      Store store,
      Logins logins,
      Plaintext plaintext,
      ServerTls tls,
      int idleMillis,
      MeterRegistry registry) {
    this.store = store;
    this.logins = logins;
    this.plaintext = plaintext;
    this.tls = tls;
    this.idleMillis = idleMillis;
    this.registry = registry;
    this.accesses = new LastAccessRecorder(store, "pop");
    this.loginFailures =
        Counter.builder("msgstore.pop.login.failures")
            .description("POP3 logins refused (wrong password, unknown user, status)")
            .register(registry);
  }

  Store store() {
    return store;
  }

  LastAccessRecorder accesses() {
    return accesses;
  }

  /** Where a logged-in session is listed (imsconnutil -c) and ended from (-k). */
  Connections connections() {
    return Connections.PROCESS;
  }

  Logins logins() {
    return logins;
  }

  Plaintext plaintext() {
    return plaintext;
  }

  /** The server's TLS (STLS), or null when no keystore could be had. */
  ServerTls tls() {
    return tls;
  }

  int idleMillis() {
    return idleMillis;
  }

  /**
   * Takes the maildrop lock of {@code user} for {@code session} (RFC 1939 section 8: exclusive
   * access to the maildrop); false when another session holds it.
   */
  boolean lock(String user, PopSession session) {
    return locks.putIfAbsent(user, session) == null;
  }

  void unlock(String user, PopSession session) {
    locks.remove(user, session);
  }

  long failedLogin(String address) {
    loginFailures.increment();
    return logins.failed(address);
  }

  /** Counts one command by name ({@code msgstore_pop_commands_total{command="RETR"}}). */
  void counted(String command) {
    commands
        .computeIfAbsent(
            command,
            c ->
                Counter.builder("msgstore.pop.commands")
                    .description("POP3 commands received, by command")
                    .tag("command", c)
                    .register(registry))
        .increment();
  }
}
