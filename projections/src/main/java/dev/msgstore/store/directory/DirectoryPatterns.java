package dev.msgstore.store.directory;

/**
 * The wildcards of {@code user list} and {@code domain list}: {@code *} matches any run of
 * characters, {@code %} any run without a '@' (so {@code %} alone lists the default domain's users
 * and {@code *@example.com} one hosted domain's). The domain part compares without case.
 */
public final class DirectoryPatterns {
  private DirectoryPatterns() {}

  public static boolean matches(String pattern, String name) {
    int at = name.lastIndexOf('@');
    String subject =
        at < 0
            ? name
            : name.substring(0, at) + name.substring(at).toLowerCase(java.util.Locale.ROOT);
    int pat = pattern.lastIndexOf('@');
    String p =
        pat < 0
            ? pattern
            : pattern.substring(0, pat) + pattern.substring(pat).toLowerCase(java.util.Locale.ROOT);
    return match(p, 0, subject, 0);
  }

  private static boolean match(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*' || c == '%') {
        for (int k = si; k <= s.length(); k++) {
          if (match(p, pi + 1, s, k)) {
            return true;
          }
          if (k < s.length() && c == '%' && s.charAt(k) == '@') {
            return false;
          }
        }
        return false;
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }
}
