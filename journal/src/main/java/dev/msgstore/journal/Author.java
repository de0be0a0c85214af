package dev.msgstore.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who is committing: the actor (OS user, IMAP login, script name), the origin (command line or
 * protocol command), and the host and process. The journal adds the time under its write lock.
 */
public record Author(String actor, String origin, String host, long pid) {
  private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");
  private static final String HOST = hostName();

  /** An author in this process on this host. */
  public static Author of(String actor, String origin) {
    return new Author(actor, origin, HOST, ProcessHandle.current().pid());
  }

  /** The OS user running this process, as the actor of a command-line verb. */
  public static String osUser() {
    return System.getProperty("user.name", "unknown");
  }

  /**
   * The kernel's host name, as {@code uname -n} prints it: never a resolver, whose lookup ({@code
   * InetAddress.getLocalHost}) can send a DNS query off the machine when the name is not in {@code
   * /etc/hosts}. {@code $HOSTNAME} first, as a shell exports it.
   */
  static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      String kernel = Files.readString(KERNEL_HOST_NAME, StandardCharsets.US_ASCII).strip();
      return kernel.isEmpty() ? "localhost" : kernel;
    } catch (IOException e) {
      return "localhost"; // not Linux: the commit still names its process
    }
  }
}
