package dev.msgstore.scripting.verbs;

/**
 * A script verb that failed: the exit code the same command line would have returned, and its
 * message (for a usage error, the verb's own usage line too). Nothing the verb refused was written.
 */
public final class VerbException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String verb;
  private final int exitCode;

  public VerbException(String verb, int exitCode, String message) {
    this(verb, exitCode, message, null);
  }

  public VerbException(String verb, int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.verb = verb;
    this.exitCode = exitCode;
  }

  public String verb() {
    return verb;
  }

  public int exitCode() {
    return exitCode;
  }

  /** For Groovy: {@code e.exitCode}. */
  public int getExitCode() {
    return exitCode;
  }
}
