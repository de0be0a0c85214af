package dev.msgstore.services.imap.handler;

/**
 * A LIST pattern (RFC 3501 section 6.3.8): {@code *} matches anything, {@code %} anything but the
 * separator. Matched by dynamic programming, so no pattern can make it slow.
 */
record ListPattern(String pattern) {
  static ListPattern of(String reference, String pattern) {
    String p = reference + pattern;
    if (p.regionMatches(true, 0, "INBOX", 0, 5) && (p.length() == 5 || p.charAt(5) == '/')) {
      p = "INBOX" + p.substring(5);
    }
    return new ListPattern(p);
  }

  boolean matches(String name) {
    int n = name.length();
    int m = pattern.length();
    boolean[] prev = new boolean[n + 1];
    boolean[] cur = new boolean[n + 1];
    prev[0] = true;
    for (int j = 1; j <= m; j++) {
      char p = pattern.charAt(j - 1);
      cur[0] = prev[0] && (p == '*' || p == '%');
      for (int i = 1; i <= n; i++) {
        char c = name.charAt(i - 1);
        if (p == '*') {
          cur[i] = prev[i] || cur[i - 1];
        } else if (p == '%') {
          cur[i] = prev[i] || (cur[i - 1] && c != '/');
        } else {
          cur[i] = prev[i - 1] && p == c;
        }
      }
      boolean[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[n];
  }
}
