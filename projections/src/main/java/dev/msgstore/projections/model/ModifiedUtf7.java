package dev.msgstore.projections.model;

/**
 * IMAP's modified UTF-7 (RFC 3501 section 5.1.3), the encoding of mailbox names inside the store:
 * printable US-ASCII stands for itself except {@code &}, written {@code &-}; any other run of
 * characters is its UTF-16 in modified BASE64 ({@code ,} for {@code /}, no padding) between {@code
 * &} and {@code -}.
 */
public final class ModifiedUtf7 {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();

  private ModifiedUtf7() {}

  private static boolean direct(char c) {
    return c >= 0x20 && c <= 0x7e;
  }

  /** Encodes a name given in Unicode (as the shell passes UTF-8 arguments). */
  public static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c == '&') {
        out.append("&-");
        i++;
      } else if (direct(c)) {
        out.append(c);
        i++;
      } else {
        out.append('&');
        int bits = 0;
        int buffer = 0;
        while (i < name.length() && !direct(name.charAt(i))) {
          buffer = (buffer << 16) | name.charAt(i++);
          bits += 16;
          while (bits >= 6) {
            bits -= 6;
            out.append(ALPHABET[(buffer >> bits) & 0x3f]);
          }
        }
        if (bits > 0) {
          out.append(ALPHABET[(buffer << (6 - bits)) & 0x3f]);
        }
        out.append('-');
      }
    }
    return out.toString();
  }

  /**
   * Decodes a modified UTF-7 name, or throws {@link IllegalArgumentException} saying why it is not
   * one (a character outside printable US-ASCII, an unterminated or malformed {@code &…-} run).
   */
  public static String decode(String name) {
    StringBuilder out = new StringBuilder(name.length());
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (!direct(c)) {
        throw new IllegalArgumentException(
            String.format(
                "character U+%04X is not allowed in a modified UTF-7 name (at %d)", (int) c, i));
      }
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = name.indexOf('-', i + 1);
      if (end < 0) {
        throw new IllegalArgumentException("'&' at " + i + " starts a run that no '-' ends");
      }
      if (end == i + 1) {
        out.append('&');
        i = end + 1;
        continue;
      }
      int bits = 0;
      int buffer = 0;
      for (int j = i + 1; j < end; j++) {
        int v = value(name.charAt(j));
        if (v < 0) {
          throw new IllegalArgumentException(
              "'" + name.charAt(j) + "' at " + j + " is not a modified BASE64 character");
        }
        buffer = (buffer << 6) | v;
        bits += 6;
        if (bits >= 16) {
          bits -= 16;
          char u = (char) ((buffer >> bits) & 0xffff);
          if (direct(u)) {
            throw new IllegalArgumentException(
                "the run at " + i + " encodes a printable US-ASCII character");
          }
          out.append(u);
        }
      }
      if (bits >= 6 || (buffer & ((1 << bits) - 1)) != 0) {
        throw new IllegalArgumentException("the run at " + i + " ends inside a character");
      }
      i = end + 1;
    }
    String decoded = out.toString();
    for (int k = 0; k < decoded.length(); k++) {
      char c = decoded.charAt(k);
      if (Character.isHighSurrogate(c)
          ? k + 1 >= decoded.length() || !Character.isLowSurrogate(decoded.charAt(++k))
          : Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("the name holds an unpaired UTF-16 surrogate");
      }
    }
    return decoded;
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == ',' ? 63 : -1;
  }

  /** The name decoded for display; a name that is not modified UTF-7 is shown as it is. */
  public static String decodeLenient(String name) {
    try {
      return decode(name);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  /** Why {@code name} is not modified UTF-7, or null when it is. */
  public static String problem(String name) {
    try {
      decode(name);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The longest start of {@code text} that modified UTF-7 leaves as it is (printable ASCII other
   * than {@code &}): the part of a text pattern that is also a prefix of the stored names.
   */
  public static String unchangedPrefix(String text) {
    int n = 0;
    while (n < text.length()
        && text.charAt(n) >= 0x20
        && text.charAt(n) <= 0x7e
        && text.charAt(n) != '&') {
      n++;
    }
    return text.substring(0, n);
  }
}
