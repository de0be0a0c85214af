package dev.msgstore.services.monitor;

import java.util.Locale;

/**
 * One service immonitor-access checks, as its option gives it: {@code host[:port]=[threshold][,STLS
 * |PORT]} (reference Table 71-11). The port defaults to the service's standard one, the threshold
 * to 60 seconds; STLS upgrades the plaintext connection, PORT speaks TLS from the first byte.
 */
public record Target(
    String service, String host, int port, double thresholdSeconds, boolean stls, boolean ssl) {

  /** The reference's default ports. */
  static int defaultPort(String service) {
    return switch (service) {
      case "smtp" -> 25;
      case "imap" -> 143;
      case "pop" -> 110;
      case "ldap" -> 389;
      case "lmtp" -> 225;
      case "http" -> 80;
      default -> throw new IllegalArgumentException(service);
    };
  }

  /** Parses {@code spec} for {@code service}; a malformed one fails with the line to print. */
  public static Target parse(String service, String spec) {
    String hostPort = spec;
    String rest = "";
    int eq = spec.indexOf('=');
    if (eq >= 0) {
      hostPort = spec.substring(0, eq);
      rest = spec.substring(eq + 1);
    }
    String host = hostPort;
    int port = defaultPort(service);
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      host = hostPort.substring(0, colon);
      String p = hostPort.substring(colon + 1);
      if (!p.isEmpty()) {
        port = number(service, spec, p);
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException(service + " " + spec + ": no host");
    }
    double threshold = 60;
    boolean stls = false;
    boolean ssl = false;
    String[] parts = rest.split(",", -1);
    String first = parts[0].strip().toUpperCase(Locale.ROOT);
    if (first.equals("STLS") || first.equals("PORT")) {
      // the reference's own examples write host:110=STLS, the threshold left out
      parts = ("," + rest).split(",", -1);
    }
    if (!parts[0].isEmpty()) {
      try {
        threshold = Double.parseDouble(parts[0]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            service + " " + spec + ": the threshold " + parts[0] + " is not a number of seconds");
      }
      if (threshold <= 0) {
        throw new IllegalArgumentException(service + " " + spec + ": the threshold must be > 0");
      }
    }
    for (int i = 1; i < parts.length; i++) {
      switch (parts[i].strip().toUpperCase(Locale.ROOT)) {
        case "STLS" -> stls = true;
        case "PORT" -> ssl = true;
        default ->
            throw new IllegalArgumentException(
                service + " " + spec + ": " + parts[i] + " is not STLS or PORT");
      }
    }
    if (stls && ssl) {
      throw new IllegalArgumentException(service + " " + spec + ": STLS or PORT, not both");
    }
    return new Target(service, host, port, threshold, stls, ssl);
  }

  private static int number(String service, String spec, String p) {
    try {
      int n = Integer.parseInt(p);
      if (n < 1 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(service + " " + spec + ": port " + p + " is not 1-65535");
    }
  }

  public String where() {
    return host + ":" + port;
  }
}
