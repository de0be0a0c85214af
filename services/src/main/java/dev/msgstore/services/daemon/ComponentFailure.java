package dev.msgstore.services.daemon;

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

  public int exitCode() {
    return exitCode;
  }
}
