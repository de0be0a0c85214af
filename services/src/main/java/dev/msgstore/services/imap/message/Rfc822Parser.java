package dev.msgstore.services.imap.message;

/**
 * The RFC 822 tokenizer Dovecot 2.3 parses header values with, on a byte string (one char a byte):
 * each method returns -1 on bad input, 0 when it reached the end of the value, 1 when there is
 * more, so that the address and MIME field parsers built on it give Dovecot's answers for broken
 * input too. Reading at the end gives '\0', as Dovecot's NUL-terminated buffers do.
 */
final class Rfc822Parser {
  private static final byte[] ATEXT = new byte[128];

  static {
    String table =
        "0000000000000000" // 0-15
            + "0000000000000000" // 16-31
            + "0101111100110104" // 32-47:  !"#$%&'()*+,-./
            + "2222222222000404" // 48-63: 0-9 :;<=>?
            + "0222222222222222" // 64-79: @A-O
            + "2222222222200011" // 80-95: P-Z [\]^_
            + "1222222222222222" // 96-111: `a-o
            + "2222222222211110"; // 112-127: p-z {|}~ DEL
    for (int i = 0; i < 128; i++) {
      ATEXT[i] = (byte) (table.charAt(i) - '0');
    }
  }

  private final String s;
  int pos;
  private final int end;

  /** The text of the last comment skipped, when asked for (addresses' "(Real Name)"). */
  final StringBuilder lastComment;

  Rfc822Parser(String s, boolean keepComments) {
    this.s = s;
    this.end = s.length();
    this.lastComment = keepComments ? new StringBuilder() : null;
  }

  static boolean isAtext(char c) {
    return c >= 128 || ATEXT[c] != 0;
  }

  static boolean isAtextNonTspecial(char c) {
    return c >= 128 || (ATEXT[c] & 3) != 0;
  }

  char cur() {
    return pos < end ? s.charAt(pos) : '\0';
  }

  boolean atEnd() {
    return pos >= end;
  }

  int skipComment() {
    int level = 1;
    if (lastComment != null) {
      lastComment.setLength(0);
    }
    int start = ++pos;
    for (; pos < end; pos++) {
      char c = s.charAt(pos);
      switch (c) {
        case '(' -> level++;
        case ')' -> {
          if (--level == 0) {
            if (lastComment != null) {
              lastComment.append(s, start, pos);
            }
            pos++;
            return pos < end ? 1 : 0;
          }
        }
        case '\n' -> {
          if (lastComment != null) {
            int len = pos - start;
            if (len > 0 && s.charAt(start + len - 1) == '\r') {
              len--;
            }
            lastComment.append(s, start, start + len);
            start = pos + 1;
          }
        }
        case '\\' -> {
          pos++;
          if (pos >= end) {
            return -1;
          }
          char e = s.charAt(pos);
          if (e == '\r' || e == '\n' || e == '\0') {
            pos--;
            break;
          }
          if (lastComment != null) {
            lastComment.append(s, start, pos - 1);
          }
          start = pos;
        }
        default -> {}
      }
    }
    return -1; // missing ')'
  }

  int skipLwsp() {
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
        continue;
      }
      if (c != '(') {
        break;
      }
      if (skipComment() < 0) {
        return -1;
      }
    }
    return pos < end ? 1 : 0;
  }

  int atom(StringBuilder out) {
    if (pos >= end || !isAtext(s.charAt(pos))) {
      return -1;
    }
    int start = pos++;
    for (; pos < end; pos++) {
      if (!isAtext(s.charAt(pos))) {
        out.append(s, start, pos);
        return skipLwsp();
      }
    }
    out.append(s, start, pos);
    return 0;
  }

  int dotAtom(StringBuilder out) {
    if (pos >= end || !isAtext(s.charAt(pos))) {
      return -1;
    }
    int start = pos++;
    while (pos < end) {
      if (isAtext(s.charAt(pos))) {
        pos++;
        continue;
      }
      if (start == pos) {
        return -1;
      }
      out.append(s, start, pos);
      int ret = skipLwsp();
      if (ret <= 0) {
        return ret;
      }
      if (s.charAt(pos) != '.') {
        return 1;
      }
      pos++;
      out.append('.');
      if (skipLwsp() <= 0) {
        return -1;
      }
      start = pos;
    }
    out.append(s, start, pos);
    return 0;
  }

  int mimeToken(StringBuilder out) {
    int start = pos;
    for (; pos < end; pos++) {
      char c = s.charAt(pos);
      if (isAtextNonTspecial(c) || c == '.') {
        continue;
      }
      out.append(s, start, pos);
      return skipLwsp();
    }
    out.append(s, start, pos);
    return 0;
  }

  int quotedString(StringBuilder out) {
    pos++; // the '"'
    int start = pos;
    for (; pos < end; pos++) {
      char c = s.charAt(pos);
      switch (c) {
        case '"' -> {
          out.append(s, start, pos);
          pos++;
          return skipLwsp();
        }
        case '\n' -> {
          int len = pos - start;
          if (len > 0 && s.charAt(start + len - 1) == '\r') {
            len--;
          }
          out.append(s, start, start + len);
          start = pos + 1;
        }
        case '\\' -> {
          pos++;
          if (pos >= end) {
            return -1;
          }
          char e = s.charAt(pos);
          if (e == '\r' || e == '\n' || e == '\0') {
            pos--;
            break;
          }
          out.append(s, start, pos - 1);
          start = pos;
        }
        default -> {}
      }
    }
    return -1; // missing '"'
  }

  private int atomOrDot(StringBuilder out) {
    int start = pos;
    for (; pos < end; pos++) {
      char c = s.charAt(pos);
      if (isAtext(c) || c == '.') {
        continue;
      }
      out.append(s, start, pos);
      return skipLwsp();
    }
    out.append(s, start, pos);
    return 0;
  }

  int phrase(StringBuilder out) {
    if (pos >= end) {
      return 0;
    }
    if (s.charAt(pos) == '.') {
      return -1;
    }
    while (true) {
      int ret = cur() == '"' ? quotedString(out) : atomOrDot(out);
      if (ret <= 0) {
        return ret;
      }
      char c = cur();
      if (!isAtext(c) && c != '"' && c != '.') {
        break;
      }
      out.append(' ');
    }
    return skipLwsp();
  }

  private int domainLiteral(StringBuilder out) {
    int start = pos++;
    for (; pos < end; pos++) {
      char c = s.charAt(pos);
      switch (c) {
        case '[' -> {
          return -1;
        }
        case ']' -> {
          out.append(s, start, pos + 1);
          pos++;
          return skipLwsp();
        }
        case '\n' -> {
          int len = pos - start;
          if (len > 0 && s.charAt(start + len - 1) == '\r') {
            len--;
          }
          out.append(s, start, start + len);
          start = pos + 1;
        }
        case '\\' -> {
          pos++;
          if (pos >= end) {
            return -1;
          }
          char e = s.charAt(pos);
          if (e == '\r' || e == '\n' || e == '\0') {
            out.append(s, start, pos);
            start = pos;
            pos--;
          }
        }
        default -> {}
      }
    }
    return -1; // missing ']'
  }

  /** At an '@'. */
  int domain(StringBuilder out) {
    pos++;
    if (skipLwsp() <= 0) {
      return -1;
    }
    return cur() == '[' ? domainLiteral(out) : dotAtom(out);
  }

  /** "type/subtype" into {@code out}, or nothing there when broken (then -1). */
  int contentType(StringBuilder out) {
    int pos0 = out.length();
    if (skipLwsp() <= 0) {
      return -1;
    }
    if (mimeToken(out) <= 0 || out.length() == pos0) {
      return -1;
    }
    if (cur() != '/') {
      out.setLength(pos0);
      return -1;
    }
    pos++;
    if (skipLwsp() <= 0) {
      out.setLength(pos0);
      return -1;
    }
    out.append('/');
    int sub = out.length();
    int ret = mimeToken(out);
    if (ret < 0 || out.length() == sub || (pos < end && s.charAt(pos) != ';')) {
      out.setLength(pos0);
      return -1;
    }
    return ret;
  }

  /** One ";" attribute "=" value; the attribute goes to {@code key[0]}. */
  int contentParam(String[] key, StringBuilder value) {
    key[0] = null;
    value.setLength(0);
    if (pos >= end) {
      return 0;
    }
    if (s.charAt(pos) != ';') {
      return -1;
    }
    pos++;
    if (skipLwsp() <= 0) {
      return -1;
    }
    StringBuilder k = new StringBuilder();
    if (mimeToken(k) <= 0) {
      return -1;
    }
    if (cur() != '=') {
      return -1;
    }
    pos++;
    int ret = skipLwsp();
    if (ret <= 0) {
      // broken / no value
    } else if (s.charAt(pos) == '"') {
      ret = quotedString(value);
    } else if (pos < end && s.charAt(pos) == '=') {
      // broken input seen in the wild: name==?utf-8?b?...?=
      while (pos < end && ";\t\r\n ".indexOf(s.charAt(pos)) < 0) {
        value.append(s.charAt(pos++));
      }
    } else {
      ret = mimeToken(value);
    }
    key[0] = k.toString();
    return ret < 0 ? -1 : 1;
  }
}
