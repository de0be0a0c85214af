package dev.msgstore.projections.model;

/**
 * An IMAP LIST pattern (RFC 3501 section 6.3.8): {@code *} matches anything, {@code %} anything but
 * the hierarchy separator. Matching simulates the pattern as an automaton over the name, so it
 * takes time proportional to name × pattern length whatever the pattern: no backtracking.
 */
public record MailboxPattern(String pattern) {

  public boolean matches(String name) {
    int m = pattern.length();
    boolean[] states = new boolean[m + 1];
    states[0] = true;
    closeOverWildcards(states);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean[] next = new boolean[m + 1];
      boolean any = false;
      for (int s = 0; s < m; s++) {
        if (!states[s]) {
          continue;
        }
        char p = pattern.charAt(s);
        if (p == '*' || (p == '%' && c != MailboxNames.SEPARATOR)) {
          next[s] = true; // the wildcard consumes c and stays
          any = true;
        } else if (p == c) {
          next[s + 1] = true;
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      closeOverWildcards(next);
      states = next;
    }
    return states[m];
  }

  /** A wildcard may also match nothing: a state before one implies the state after it. */
  private void closeOverWildcards(boolean[] states) {
    for (int s = 0; s < pattern.length(); s++) {
      if (states[s] && (pattern.charAt(s) == '*' || pattern.charAt(s) == '%')) {
        states[s + 1] = true;
      }
    }
  }

  /** The literal text before the first wildcard: every match starts with it (a range scan). */
  public String literalPrefix() {
    int i = 0;
    while (i < pattern.length() && pattern.charAt(i) != '*' && pattern.charAt(i) != '%') {
      i++;
    }
    return pattern.substring(0, i);
  }
}
