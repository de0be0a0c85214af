package dev.msgstore.journal;

/**
 * Who is committing: the actor (OS user, IMAP login, script name), the origin (command line or
 * protocol command), and the host and process. The journal adds the time under its write lock.
 */
public record Author(String actor, String origin, String host, long pid) {
  private static final String HOST = hostName();

  /** An author in this process on this host. */
  public static Author of(String actor, String origin) {
    return new Author(actor, origin, HOST, ProcessHandle.current().pid());
  }

  /** The OS user running this process, as the actor of a command-line verb. */
  public static String osUser() {
    return System.getProperty("user.name", "unknown");
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
