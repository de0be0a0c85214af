package dev.msgstore.services.imscripter;

/**
 * imscripter's {@code -v} string (reference Table 71-21): E errors, I informational messages, P the
 * prompt, C the input command echoed, c the protocol command echoed, B untagged BAD or NO, O other
 * untagged responses, b a BAD or NO completion, o an OK completion, A all of them.
 */
public record Verbosity(String letters) {
  public static final String DEFAULT = "EPBboO";
  public static final String DEFAULT_WITH_FILE = "EBb";
  private static final String KNOWN = "EIPCcBObOoA";

  public Verbosity {
    for (char c : letters.toCharArray()) {
      if (KNOWN.indexOf(c) < 0) {
        throw new IllegalArgumentException(
            "-v " + letters + ": '" + c + "' is not one of E I P C c B O b o A");
      }
    }
  }

  public boolean shows(char letter) {
    return letters.indexOf('A') >= 0 || letters.indexOf(letter) >= 0;
  }

  /** Whether an untagged response is shown: B for BAD/NO, O for the others. */
  public boolean showsUntagged(String response) {
    return shows(response.startsWith("NO ") || response.startsWith("BAD ") ? 'B' : 'O');
  }

  /** Whether a completion is shown: o for OK, b for NO/BAD. */
  public boolean showsCompletion(String status) {
    return shows(status.equals("OK") ? 'o' : 'b');
  }
}
