package dev.msgstore.commands.rehostuser;

/** A step of the move that failed: which, why, and the exit code it means. */
final class StepFailed extends Exception {
  private static final long serialVersionUID = 1L;

  private final Rehost.Step step;
  private final int exitCode;

  StepFailed(Rehost.Step step, int exitCode, String message) {
    super(message);
    this.step = step;
    this.exitCode = exitCode;
  }

  Rehost.Step step() {
    return step;
  }

  int exitCode() {
    return exitCode;
  }
}
