package dev.msgstore.services.imap.session;

import dev.msgstore.services.auth.LastAccessRecorder;
import dev.msgstore.services.auth.Logins;
import dev.msgstore.services.imap.message.MessageStructures;
import dev.msgstore.services.tls.ServerTls;
import dev.msgstore.store.Store;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.directory.Directory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every session of the {@code imap} component shares: the store, the directory, the journal
 * tail, \Recent claims, the limits, and the meters (named {@code msgstore_imap_*}, as counterutil
 * reads them).
 */
public final class ImapContext {
  /** Plaintext LOGIN and AUTHENTICATE PLAIN: never, on loopback connections only, or always. */
  public enum Plaintext {
    NO,
    LOOPBACK,
    YES
  }

  private final Store store;
  private final Directory directory;
  private final MailboxChanges changes;
  private final MessageStructures structures;
  private final RecentClaims claims = new RecentClaims();
  private final Logins logins;
  private final LastAccessRecorder accesses;
  private final Plaintext plaintext;
  private final ServerTls tls;
  private final MeterRegistry registry;
  private final Counter loginFailures;
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();

  /** The peers' limits: a command line, a literal outside APPEND. */
  public static final int MAX_LINE = 64 * 1024;

  public static final long MAX_LITERAL = 128 * 1024;

  private final long maxMessage;

  /** {@code service.imap.idletimeout}: the autologout timer, 0 for never. */
  private final int idleMillis;

  /** {@code store.admins}: the users who act on every mailbox as its owner would. */
  private final Set<String> admins;

  private final SessionLimits limits;

  /** Where APPEND literals too big for heap are spooled while they arrive: the store's run/. */
  public java.nio.file.Path spoolDir() {
    return store.root().resolve("run");
  }

  public ImapContext(
      Store store,
      Directory directory,
      MailboxChanges changes,
      MessageStructures structures,
      Plaintext plaintext,
      ServerTls tls,
      long maxMessage,
      int idleMillis,
      MeterRegistry registry) {
    this.store = store;
    this.directory = directory;
    this.logins = new Logins(directory, store::read);
    this.accesses = new LastAccessRecorder(store, "imap");
    this.changes = changes;
    this.structures = structures;
    this.plaintext = plaintext;
    this.tls = tls;
    this.maxMessage = maxMessage;
    this.idleMillis = idleMillis;
    this.registry = registry;
    EffectiveConfig config = store.config();
    this.admins = Admins.of(config);
    this.limits = SessionLimits.of(config);
    this.loginFailures =
        Counter.builder("msgstore.imap.login.failures")
            .description("IMAP logins refused (wrong password, unknown user, status)")
            .register(registry);
  }

  /** How long a session waits for its client before it logs it out (0: for ever). */
  public int idleMillis() {
    return idleMillis;
  }

  /** Whether {@code user} is a store administrator ({@code store.admins}). */
  public boolean admin(String user) {
    return admins.contains(user);
  }

  /** Connections at once per client address and per user. */
  public SessionLimits limits() {
    return limits;
  }

  public Store store() {
    return store;
  }

  public Directory directory() {
    return directory;
  }

  public MailboxChanges changes() {
    return changes;
  }

  public MessageStructures structures() {
    return structures;
  }

  public RecentClaims claims() {
    return claims;
  }

  public Logins logins() {
    return logins;
  }

  /** Logins and logouts for imsconnutil -a (when local.enablelastaccess is on). */
  public LastAccessRecorder accesses() {
    return accesses;
  }

  public Plaintext plaintext() {
    return plaintext;
  }

  /** The server's TLS (STARTTLS), or null when no keystore could be had. */
  public ServerTls tls() {
    return tls;
  }

  public long maxMessage() {
    return maxMessage;
  }

  /** Counts one command by name ({@code msgstore_imap_commands_total{command="FETCH"}}). */
  public void counted(String command) {
    commands
        .computeIfAbsent(
            command,
            c ->
                Counter.builder("msgstore.imap.commands")
                    .description("IMAP commands received, by command")
                    .tag("command", c)
                    .register(registry))
        .increment();
  }

  /**
   * Records a failed login from {@code address} and returns how long to wait before answering: 2 s,
   * doubling with each further failure from that address, at most 15 s (as Dovecot does).
   */
  public long failedLogin(String address) {
    loginFailures.increment();
    return logins.failed(address);
  }

  public void succeededLogin(String address) {
    logins.succeeded(address);
  }
}
