package dev.msgstore.scripting;

/** A script's {@code exit(code)}: unwinds the script, then the runner returns the code. */
public final class ScriptExit extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public ScriptExit(int code) {
    super("exit " + code, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
