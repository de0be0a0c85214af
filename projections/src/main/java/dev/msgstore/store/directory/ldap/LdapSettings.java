package dev.msgstore.store.directory.ldap;

import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.Syntax;
import dev.msgstore.store.directory.DirectoryUnavailable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to reach the LDAP directory, read from configutil options with the reference's names ({@code
 * local.ugldaphost}, {@code local.ugldapport}, {@code local.ugldapusessl}, {@code
 * local.ugldapbasedn}, {@code local.ugldapbinddn}) and ours for what the reference keeps elsewhere.
 * The bind password is never an option: the reference's {@code local.ugldapbindcred} holds it in
 * the configuration, which the journal would keep forever; {@code local.ugldapbindcredfile} names a
 * file that holds it instead.
 *
 * @param servers {@code host[:port]}, tried in order (the reference lets local.ugldaphost list
 *     several, space-separated, for failover)
 * @param security how the connection is protected
 * @param trustStore CA certificates to trust for TLS (PEM, or a PKCS#12/JKS key store); empty for
 *     the JVM's own
 * @param bindPasswordFile the file holding the bind DN's password; empty with an anonymous bind
 */
public record LdapSettings(
    List<Server> servers,
    Security security,
    Optional<Path> trustStore,
    String baseDn,
    String bindDn,
    Optional<Path> bindPasswordFile,
    Duration connectTimeout,
    Duration responseTimeout,
    int poolSize,
    Duration cacheTtl,
    Duration negativeCacheTtl,
    int cacheSize) {

  public static final String HOST = "local.ugldaphost";
  public static final String PORT = "local.ugldapport";
  public static final String USE_SSL = "local.ugldapusessl";
  public static final String STARTTLS = "local.ugldapstarttls";
  public static final String TRUST_STORE = "local.ugldaptruststore";
  public static final String BASE_DN = "local.ugldapbasedn";
  public static final String BIND_DN = "local.ugldapbinddn";
  public static final String BIND_PASSWORD_FILE = "local.ugldapbindcredfile";
  public static final String CONNECT_TIMEOUT = "local.ugldapconnecttimeout";
  public static final String TIMEOUT = "local.ugldaptimeout";
  public static final String POOL_SIZE = "local.ugldappoolsize";
  public static final String CACHE_TTL = "local.ugldapcachettl";
  public static final String NEGATIVE_CACHE_TTL = "local.ugldapnegcachettl";
  public static final String CACHE_SIZE = "local.ugldapcachesize";

  /** One directory server. */
  public record Server(String host, int port) {
    @Override
    public String toString() {
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  /** Plain LDAP, LDAP over TLS from the first byte (ldaps, port 636), or StartTLS on port 389. */
  public enum Security {
    NONE,
    LDAPS,
    STARTTLS;

    String scheme() {
      return this == LDAPS ? "ldaps" : "ldap";
    }
  }

  public LdapSettings {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw misconfigured(HOST + " names no server");
    }
    if (baseDn.isBlank()) {
      throw misconfigured(BASE_DN + " is not set: the directory's search base, e.g. o=usergroup");
    }
    if (!bindDn.isBlank() && bindPasswordFile.isEmpty()) {
      throw misconfigured(BIND_DN + " is set but " + BIND_PASSWORD_FILE + " is not");
    }
    if (poolSize < 1) {
      throw misconfigured(POOL_SIZE + " must be at least 1");
    }
    if (cacheSize < 0) {
      throw misconfigured(CACHE_SIZE + " cannot be negative");
    }
  }

  /** The settings in {@code config}; {@link DirectoryUnavailable} naming the option if wrong. */
  public static LdapSettings from(EffectiveConfig config) {
    boolean ssl = bool(config, USE_SSL);
    boolean startTls = bool(config, STARTTLS);
    if (ssl && startTls) {
      throw misconfigured(
          USE_SSL + " and " + STARTTLS + " are both on: choose ldaps (636) or StartTLS");
    }
    int defaultPort = (int) number(config, PORT, ssl ? 636 : 389);
    List<Server> servers = new ArrayList<>();
    for (String h : text(config, HOST).split("[\\s,]+")) {
      if (!h.isEmpty()) {
        servers.add(server(h, defaultPort));
      }
    }
    return new LdapSettings(
        servers,
        ssl ? Security.LDAPS : startTls ? Security.STARTTLS : Security.NONE,
        path(config, TRUST_STORE),
        text(config, BASE_DN),
        text(config, BIND_DN),
        path(config, BIND_PASSWORD_FILE),
        Duration.ofMillis(number(config, CONNECT_TIMEOUT, 5000)),
        Duration.ofMillis(number(config, TIMEOUT, 10000)),
        (int) number(config, POOL_SIZE, 8),
        Duration.ofSeconds(number(config, CACHE_TTL, 60)),
        Duration.ofSeconds(number(config, NEGATIVE_CACHE_TTL, 10)),
        (int) number(config, CACHE_SIZE, 100_000));
  }

  /** The first server as a URL, for messages: {@code ldap://host:port}. */
  public String url() {
    return security.scheme() + "://" + servers.getFirst();
  }

  private static Server server(String spec, int defaultPort) {
    int colon = spec.lastIndexOf(':');
    boolean bracketed = spec.startsWith("[");
    if (colon > 0 && (bracketed ? spec.indexOf(']') < colon : spec.indexOf(':') == colon)) {
      String host = spec.substring(0, colon);
      String port = spec.substring(colon + 1);
      if (Syntax.TCPPORT.problem(port).isPresent()) {
        throw misconfigured(HOST + ": not a port in '" + spec + "'");
      }
      return new Server(unbracket(host), Integer.parseInt(port));
    }
    return new Server(unbracket(spec), defaultPort);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String text(EffectiveConfig config, String option) {
    return config.value(option).orElse("").strip();
  }

  private static boolean bool(EffectiveConfig config, String option) {
    String v = text(config, option);
    if (v.isEmpty()) {
      return false;
    }
    Syntax.BOOL.problem(v).ifPresent(p -> misconfiguredOption(option, p));
    return Syntax.isTrue(v);
  }

  private static long number(EffectiveConfig config, String option, long fallback) {
    String v = text(config, option);
    if (v.isEmpty()) {
      return fallback;
    }
    Syntax.UINT.problem(v).ifPresent(p -> misconfiguredOption(option, p));
    return Long.parseLong(v);
  }

  private static Optional<Path> path(EffectiveConfig config, String option) {
    String v = text(config, option);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Syntax.FILEPATH.problem(v).ifPresent(p -> misconfiguredOption(option, p));
    return Optional.of(Path.of(v));
  }

  private static void misconfiguredOption(String option, String problem) {
    throw misconfigured(option + ": " + problem);
  }

  static DirectoryUnavailable misconfigured(String what) {
    return new DirectoryUnavailable("the LDAP directory is not configured right: " + what, null);
  }
}
