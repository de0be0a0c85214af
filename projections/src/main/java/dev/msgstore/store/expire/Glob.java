package dev.msgstore.store.expire;

import java.util.Locale;

/**
 * A header pattern of a rule ({@code messageheader.subject: *[SPAM]*}): {@code *} any run, {@code
 * ?} one character, case-insensitive over the whole value. Matched as an automaton, so no pattern
 * can make it backtrack.
 */
record Glob(String pattern) {
  Glob {
    pattern = pattern.toLowerCase(Locale.ROOT);
  }

  boolean matches(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    int m = pattern.length();
    boolean[] states = new boolean[m + 1];
    states[0] = true;
    close(states);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean[] next = new boolean[m + 1];
      boolean any = false;
      for (int s = 0; s < m; s++) {
        if (!states[s]) {
          continue;
        }
        char p = pattern.charAt(s);
        if (p == '*') {
          next[s] = true;
          any = true;
        } else if (p == '?' || p == c) {
          next[s + 1] = true;
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      close(next);
      states = next;
    }
    return states[m];
  }

  /** A state before a {@code *} also stands after it (the star may match nothing). */
  private void close(boolean[] states) {
    for (int s = 0; s < pattern.length(); s++) {
      if (states[s] && pattern.charAt(s) == '*') {
        states[s + 1] = true;
      }
    }
  }
}
