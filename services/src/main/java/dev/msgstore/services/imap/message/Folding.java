package dev.msgstore.services.imap.message;

/**
 * Case-insensitive substring search over a stream of characters (Knuth-Morris-Pratt over
 * case-folded text): one char at a time, never holding more than the needle.
 */
final class Folding {
  private final char[] needle;
  private final int[] fail;
  private int matched;

  Folding(String needle) {
    this.needle = fold(needle).toCharArray();
    this.fail = new int[this.needle.length];
    for (int i = 1, k = 0; i < this.needle.length; i++) {
      while (k > 0 && this.needle[i] != this.needle[k]) {
        k = fail[k - 1];
      }
      if (this.needle[i] == this.needle[k]) {
        k++;
      }
      fail[i] = k;
    }
  }

  static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  static String fold(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      b.append(fold(s.charAt(i)));
    }
    return b.toString();
  }

  boolean isEmpty() {
    return needle.length == 0;
  }

  void reset() {
    matched = 0;
  }

  /** Feeds one char; true once the needle has been seen. */
  boolean feed(char c) {
    if (needle.length == 0) {
      return true;
    }
    char f = fold(c);
    while (matched > 0 && needle[matched] != f) {
      matched = fail[matched - 1];
    }
    if (needle[matched] == f) {
      matched++;
    }
    if (matched == needle.length) {
      matched = fail[matched - 1];
      return true;
    }
    return false;
  }

  boolean in(CharSequence text) {
    reset();
    for (int i = 0; i < text.length(); i++) {
      if (feed(text.charAt(i))) {
        return true;
      }
    }
    return needle.length == 0;
  }
}
