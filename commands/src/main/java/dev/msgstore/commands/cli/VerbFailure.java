package dev.msgstore.commands.cli;

/** A verb's own failure with the exit code it maps to and the one line an administrator reads. */
public final class VerbFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public VerbFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static VerbFailure usage(String message) {
    return new VerbFailure(ExitCodes.USAGE, message);
  }
}
