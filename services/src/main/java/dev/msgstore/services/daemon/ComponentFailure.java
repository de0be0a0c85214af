package dev.msgstore.services.daemon;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Why a component could not start or serve, as the one line an administrator reads (it starts with
 * the component's name), and the sysexits code {@code start-msg} exits with.
 */
public final class ComponentFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** sysexits: a service is unavailable (a port in use, a store that cannot be opened). */
  public static final int UNAVAILABLE = 69;

  /** sysexits: not permitted (a privileged port). */
  public static final int PERMISSION = 77;

  private final int exitCode;

  public ComponentFailure(int exitCode, String line, Throwable cause) {
    super(line, cause);
    this.exitCode = exitCode;
  }

  public ComponentFailure(int exitCode, String line) {
    this(exitCode, line, null);
  }

  /**
   * Why {@code component} cannot listen on {@code host} port {@code port}: a privileged port, a
   * port in use (both naming the option {@code portOption} that moves it), or the system's reason.
   */
  public static ComponentFailure cannotListen(
      String component, InetAddress host, int port, String portOption, IOException e) {
    String why = String.valueOf(e.getMessage());
    if (port > 0 && port < 1024 && why.contains("Permission denied")) {
      return new ComponentFailure(
          PERMISSION, component + ": port " + port + " needs root or another " + portOption);
    }
    if (why.contains("in use")) {
      return new ComponentFailure(
          UNAVAILABLE,
          component
              + ": port "
              + port
              + " on "
              + host.getHostAddress()
              + " is in use; set another "
              + portOption);
    }
    return new ComponentFailure(
        UNAVAILABLE,
        component + ": cannot listen on " + host.getHostAddress() + " port " + port + ": " + why,
        e);
  }

  public int exitCode() {
    return exitCode;
  }
}
