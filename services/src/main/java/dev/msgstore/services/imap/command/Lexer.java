package dev.msgstore.services.imap.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of RFC 3501's formal syntax (section 9) over a command's bytes, literals included. A
 * failure is a {@link ParseError} carrying the tag, never an unchecked exception.
 */
final class Lexer {
  /** Nesting deeper than this is refused: no client needs it, and it bounds the parser's stack. */
  static final int MAX_DEPTH = 32;

  private final byte[] b;
  private int pos;
  private String tag = "*";

  Lexer(byte[] bytes) {
    this.b = bytes;
  }

  ParseError error(String message) {
    return new ParseError(tag, message);
  }

  void tag(String t) {
    this.tag = t;
  }

  String tag() {
    return tag;
  }

  boolean atEnd() {
    return pos >= b.length;
  }

  int peek() {
    return pos < b.length ? b[pos] & 0xff : -1;
  }

  boolean peekIs(char c) {
    return peek() == c;
  }

  /** Consumes {@code c} if it is next. */
  boolean accept(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(char c) throws ParseError {
    if (!accept(c)) {
      throw error(
          "expected '"
              + c
              + "'"
              + (atEnd() ? " at the end of the command" : " at position " + pos));
    }
  }

  void space() throws ParseError {
    if (!accept(' ')) {
      throw error(atEnd() ? "missing argument" : "expected a space at position " + pos);
    }
  }

  void end() throws ParseError {
    if (!atEnd()) {
      throw error("unexpected characters at the end of the command");
    }
  }

  /** Consumes {@code word} (any case) if it comes next, followed by a delimiter. */
  boolean acceptWord(String word) {
    if (pos + word.length() > b.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toUpperCase((char) (b[pos + i] & 0xff)) != word.charAt(i)) {
        return false;
      }
    }
    int after = pos + word.length();
    if (after < b.length && isAtomChar(b[after] & 0xff) && b[after] != '.' && b[after] != '[') {
      return false;
    }
    pos = after;
    return true;
  }

  static boolean isAtomChar(int c) {
    return c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
  }

  /** An atom: one or more ATOM-CHARs; {@code extra} are also allowed (']' for an astring). */
  String atom(String extra) throws ParseError {
    int start = pos;
    while (pos < b.length) {
      int c = b[pos] & 0xff;
      if (isAtomChar(c) || (c > 0x20 && c < 0x7f && extra.indexOf(c) >= 0)) {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error(atEnd() ? "missing argument" : "expected an atom at position " + pos);
    }
    return new String(b, start, pos - start, StandardCharsets.US_ASCII);
  }

  String atom() throws ParseError {
    return atom("");
  }

  /** The tag: any ASTRING-CHAR but '+'. */
  String readTag() throws ParseError {
    int start = pos;
    while (pos < b.length) {
      int c = b[pos] & 0xff;
      if ((isAtomChar(c) || c == ']') && c != '+') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("a command begins with a tag");
    }
    return new String(b, start, pos - start, StandardCharsets.US_ASCII);
  }

  long number() throws ParseError {
    int start = pos;
    long n = 0;
    while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
      if (pos - start >= 18) {
        throw error("number too large");
      }
      n = n * 10 + (b[pos] - '0');
      pos++;
    }
    if (start == pos) {
      throw error(atEnd() ? "missing number" : "expected a number at position " + pos);
    }
    return n;
  }

  /** nz-number that fits an unsigned 32-bit value (UIDs, sequence numbers). */
  long number32() throws ParseError {
    long n = number();
    if (n > 0xffffffffL) {
      throw error("number too large");
    }
    return n;
  }

  /** The APPEND literal the reader spooled, if it did (see CommandParser.parse). */
  private MessageLiteral.Spooled spooled;

  void spooled(MessageLiteral.Spooled s) {
    this.spooled = s;
  }

  /** APPEND's message: the literal here, or the spooled one this announcement stands for. */
  MessageLiteral messageLiteral() throws ParseError {
    if (spooled == null) {
      return new MessageLiteral.Inline(stringBytes());
    }
    expect('{');
    long n = number();
    accept('+');
    expect('}');
    if (n != spooled.size()) {
      throw error("literal shorter than announced");
    }
    MessageLiteral m = spooled;
    spooled = null;
    return m;
  }

  /** A quoted string or a literal, as bytes. */
  byte[] stringBytes() throws ParseError {
    if (accept('"')) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (; ; ) {
        if (atEnd()) {
          throw error("unterminated quoted string");
        }
        int c = b[pos++] & 0xff;
        if (c == '"') {
          return out.toByteArray();
        }
        if (c == '\\') {
          if (atEnd()) {
            throw error("unterminated quoted string");
          }
          c = b[pos++] & 0xff;
          if (c != '"' && c != '\\') {
            throw error("only \\\\ and \\\" may be quoted");
          }
        } else if (c == '\r' || c == '\n') {
          throw error("a quoted string cannot hold CR or LF");
        }
        out.write(c);
      }
    }
    if (accept('{')) {
      long n = number();
      accept('+');
      expect('}');
      expect('\r');
      expect('\n');
      if (n > b.length - pos) {
        throw error("literal shorter than announced");
      }
      byte[] v = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
      pos += (int) n;
      return v;
    }
    throw error(atEnd() ? "missing argument" : "expected a string at position " + pos);
  }

  String string() throws ParseError {
    return new String(stringBytes(), StandardCharsets.UTF_8);
  }

  boolean startsString() {
    return peekIs('"') || peekIs('{');
  }

  /** astring = 1*ASTRING-CHAR / string. */
  String astring() throws ParseError {
    return startsString() ? string() : atom("]");
  }

  /** nstring: NIL or a string; NIL is null. */
  String nstring() throws ParseError {
    if (!startsString() && acceptWord("NIL")) {
      return null;
    }
    return string();
  }

  /** A mailbox name (astring) or a LIST pattern (also '%' and '*'). */
  String listMailbox() throws ParseError {
    return startsString() ? string() : atom("]%*");
  }

  /** A flag: {@code \Word} or a keyword atom. */
  String flag() throws ParseError {
    if (accept('\\')) {
      if (accept('*')) {
        return "\\*";
      }
      return "\\" + atom();
    }
    return atom();
  }

  /** A parenthesised list of flags, or (where allowed) a bare sequence of them. */
  List<String> flagList(boolean parensRequired) throws ParseError {
    List<String> flags = new ArrayList<>();
    boolean parens = accept('(');
    if (!parens && parensRequired) {
      throw error("expected a parenthesised flag list");
    }
    if (parens && accept(')')) {
      return flags;
    }
    flags.add(flag());
    while (accept(' ')) {
      flags.add(flag());
    }
    if (parens) {
      expect(')');
    }
    return flags;
  }

  /** The raw text up to the next space or the end (for sequence sets, dates, charsets). */
  String word() throws ParseError {
    int start = pos;
    while (pos < b.length && b[pos] != ' ' && b[pos] != ')' && b[pos] != '(') {
      pos++;
    }
    if (start == pos) {
      throw error(atEnd() ? "missing argument" : "unexpected character at position " + pos);
    }
    return new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
  }

  /** The bytes from the current position to the end (an APPEND message literal is taken whole). */
  int position() {
    return pos;
  }
}
