package dev.msgstore.services.imap.message;

/**
 * A cursor over an unfolded header value (one char a byte, ISO-8859-1) with RFC 822 tokens: white
 * space and comments, atoms, MIME tokens, quoted strings, domain literals. Every method is lenient:
 * bad input ends a token early, never with an exception.
 */
final class Rfc822Lexer {
  private final String s;
  int pos;
  private String lastComment = "";

  Rfc822Lexer(String s) {
    this.s = s;
  }

  boolean atEnd() {
    return pos >= s.length();
  }

  char peek() {
    return s.charAt(pos);
  }

  boolean at(char c) {
    return pos < s.length() && s.charAt(pos) == c;
  }

  String slice(int start, int end) {
    return s.substring(start, end);
  }

  String rest() {
    return s.substring(Math.min(pos, s.length()));
  }

  /** The text of the last comment skipped, for "user@domain (Real Name)". */
  String lastComment() {
    return lastComment;
  }

  void clearComment() {
    lastComment = "";
  }

  /** Skips white space and (nested) comments; false at the end of the value. */
  boolean skipLwsp() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else if (c == '(') {
        skipComment();
      } else {
        return true;
      }
    }
    return false;
  }

  private void skipComment() {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '\\' && pos < s.length()) {
        text.append(s.charAt(pos++));
        continue;
      }
      if (c == '(') {
        if (depth++ == 0) {
          continue;
        }
      } else if (c == ')') {
        if (--depth == 0) {
          lastComment = text.toString();
          return;
        }
      }
      text.append(c);
    }
    lastComment = text.toString();
  }

  static boolean isAtext(char c) {
    if (c >= 0x80) {
      return true;
    }
    if (c <= ' ' || c == 0x7f) {
      return false;
    }
    return "()<>[]:;@\\,.\"".indexOf(c) < 0;
  }

  static boolean isMimeTokenChar(char c) {
    if (c >= 0x80) {
      return true;
    }
    if (c <= ' ' || c == 0x7f) {
      return false;
    }
    return "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
  }

  /** An atom then trailing white space; null when none is here. */
  String atom() {
    int start = pos;
    while (pos < s.length() && isAtext(s.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      return null;
    }
    String a = s.substring(start, pos);
    skipLwsp();
    return a;
  }

  /** A MIME token (RFC 2045) then trailing white space; null when none is here. */
  String mimeToken() {
    int start = pos;
    while (pos < s.length() && isMimeTokenChar(s.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      return null;
    }
    String t = s.substring(start, pos);
    skipLwsp();
    return t;
  }

  /** A quoted string, unescaped, then trailing white space; at a '"'. */
  String quotedString() {
    StringBuilder out = new StringBuilder();
    pos++; // the opening quote
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        skipLwsp();
        return out.toString();
      }
      if (c == '\\' && pos < s.length()) {
        c = s.charAt(pos++);
      } else if (c == '\r' || c == '\n') {
        continue;
      }
      out.append(c);
    }
    return out.toString(); // unterminated: what there was
  }

  /** A domain literal "[...]" as it is written, then trailing white space; at a '['. */
  String domainLiteral() {
    int start = pos;
    while (pos < s.length() && s.charAt(pos) != ']') {
      pos++;
    }
    if (pos < s.length()) {
      pos++;
    }
    String d = s.substring(start, pos);
    skipLwsp();
    return d;
  }

  /**
   * A phrase (words: atoms and quoted strings, with obsolete dots), joined by single spaces; empty
   * when there is none.
   */
  String phrase() {
    StringBuilder out = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos);
      String word;
      if (c == '"') {
        word = quotedString();
      } else if (isAtext(c) || c == '.') {
        int start = pos;
        while (pos < s.length() && (isAtext(s.charAt(pos)) || s.charAt(pos) == '.')) {
          pos++;
        }
        word = s.substring(start, pos);
        skipLwsp();
      } else {
        break;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(word);
    }
    return out.toString();
  }

  /** A local part or domain: words joined by dots (obsolete forms tolerated); empty when none. */
  String dotWords() {
    StringBuilder out = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '"') {
        out.append(quotedString());
      } else if (isAtext(c)) {
        int start = pos;
        while (pos < s.length() && isAtext(s.charAt(pos))) {
          pos++;
        }
        out.append(s, start, pos);
        skipLwsp();
      } else if (c != '.') {
        break;
      }
      if (!at('.')) {
        break;
      }
      out.append('.');
      pos++;
      skipLwsp();
    }
    return out.toString();
  }
}
