package dev.msgstore.scripting.repl;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where a piece of Groovy source stands at its end: in code, a comment or a string, which brackets
 * are still open, the last significant character. Groovy's parser only says that an entry failed,
 * and where it reports the failure is where an ambiguity began, not where input ran out; this scan
 * tells whether more lines could complete the entry, and where the word being completed starts. It
 * is lexical on purpose (quotes, comments, brackets, GString interpolation, slashy strings): it
 * never decides what compiles, Groovy does.
 *
 * @param mode what the end of the text is inside of
 * @param stringStart where the open string's content starts (a string mode only), else -1
 * @param open the brackets still open, innermost first
 * @param unbalanced a closing bracket that matched no opening one: no further line can fix that
 * @param brokenString a one-line string ran into a line end, which Groovy never accepts
 * @param last the last significant character of code (0 if none)
 * @param statementStart where the statement at the end of the text starts
 */
record LexicalScan(
    Mode mode,
    int stringStart,
    List<Open> open,
    boolean unbalanced,
    boolean brokenString,
    char last,
    int statementStart) {

  enum Mode {
    CODE,
    LINE_COMMENT,
    BLOCK_COMMENT,
    /** {@code '...'} or {@code "..."}: ends at the line's end. */
    STRING,
    /** {@code '''...'''} or {@code """..."""}. */
    TRIPLE_STRING,
    SLASHY
  }

  /**
   * An open bracket at {@code offset}; for {@code $} (a GString's {@code ${}), the string to go back
   * to when it closes. {@code outerStatement} is the statement start to restore on closing.
   */
  record Open(char bracket, int offset, String quote, Mode stringMode, int outerStatement) {}

  /** Characters after which a line cannot end a statement: an operator, a comma, a dot. */
  private static final String CONTINUING = ",.+-*/%=<>&|^?:!~\\";

  /** Characters after which {@code /} starts a slashy string rather than a division. */
  private static final String BEFORE_SLASHY = "([{,=~:!&|?;+-*%<>^";

  boolean inString() {
    return mode == Mode.STRING || mode == Mode.TRIPLE_STRING;
  }

  /** Whether another line could complete the text (given that it did not compile as it is). */
  boolean wantsMore() {
    if (unbalanced || brokenString) {
      return false;
    }
    return mode == Mode.BLOCK_COMMENT
        || mode == Mode.TRIPLE_STRING
        || mode == Mode.SLASHY
        || !open.isEmpty()
        || CONTINUING.indexOf(last) >= 0;
  }

  static LexicalScan of(CharSequence s) {
    return new Scanner(s).scan();
  }

  private static final class Scanner {
    private final CharSequence s;
    private final Deque<Open> open = new ArrayDeque<>();
    private Mode mode = Mode.CODE;
    private String quote = "";
    private int stringStart = -1;
    private boolean unbalanced;
    private boolean brokenString;
    private char last;
    private int statementStart;

    Scanner(CharSequence s) {
      this.s = s;
    }

    LexicalScan scan() {
      int i = 0;
      while (i < s.length()) {
        i =
            switch (mode) {
              case CODE -> code(i);
              case LINE_COMMENT -> s.charAt(i) == '\n' ? i : i + 1; // the newline ends it, as code
              case BLOCK_COMMENT -> blockComment(i);
              case STRING, TRIPLE_STRING, SLASHY -> string(i);
            };
        if (mode == Mode.LINE_COMMENT && i < s.length() && s.charAt(i) == '\n') {
          mode = Mode.CODE;
        }
      }
      return new LexicalScan(
          mode,
          mode == Mode.CODE ? -1 : stringStart,
          List.copyOf(open),
          unbalanced,
          brokenString,
          last,
          statementStart);
    }

    private int code(int i) {
      char c = s.charAt(i);
      char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
      if (c == '/' && next == '/' || c == '#' && i == 0 && next == '!') {
        mode = Mode.LINE_COMMENT;
        return i + 2;
      }
      if (c == '/' && next == '*') {
        mode = Mode.BLOCK_COMMENT;
        return i + 2;
      }
      if (c == '\'' || c == '"') {
        boolean triple = i + 2 < s.length() && s.charAt(i + 1) == c && s.charAt(i + 2) == c;
        quote = triple ? String.valueOf(c).repeat(3) : String.valueOf(c);
        mode = triple ? Mode.TRIPLE_STRING : Mode.STRING;
        stringStart = i + quote.length();
        return stringStart;
      }
      if (c == '/' && (last == 0 || BEFORE_SLASHY.indexOf(last) >= 0)) {
        quote = "/";
        mode = Mode.SLASHY;
        stringStart = i + 1;
        return stringStart;
      }
      switch (c) {
        case '(', '[' -> open.push(new Open(c, i, null, null, statementStart));
        case '{' -> {
          open.push(new Open(c, i, null, null, statementStart));
          statementStart = i + 1;
        }
        case ')', ']', '}' -> {
          Open top = open.peek();
          if (top != null && top.bracket() == '$' && c == '}') {
            open.pop();
            mode = top.stringMode();
            quote = top.quote();
            return i + 1;
          }
          if (top == null || top.bracket() != (c == ')' ? '(' : c == ']' ? '[' : '{')) {
            unbalanced = true;
          } else {
            open.pop();
            statementStart = top.outerStatement();
          }
        }
        case ';' -> statementStart = i + 1;
        case '\n' -> {
          if (last == 0 || CONTINUING.indexOf(last) < 0) {
            statementStart = i + 1;
          }
        }
        default -> {}
      }
      if (!Character.isWhitespace(c)) {
        last = c;
      }
      return i + 1;
    }

    private int blockComment(int i) {
      if (s.charAt(i) == '*' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
        mode = Mode.CODE;
        return i + 2;
      }
      return i + 1;
    }

    private int string(int i) {
      char c = s.charAt(i);
      if (c == '\\') {
        return i + 2; // an escape, slashy's \/ included
      }
      if (quote.startsWith("\"") && c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
        open.push(new Open('$', i, quote, mode, statementStart));
        mode = Mode.CODE;
        last = '{';
        return i + 2;
      }
      if (startsWith(i, quote)) {
        mode = Mode.CODE;
        last = c;
        return i + quote.length();
      }
      if (c == '\n' && mode == Mode.STRING) {
        brokenString = true;
        mode = Mode.CODE;
      }
      return i + 1;
    }

    private boolean startsWith(int i, String prefix) {
      if (i + prefix.length() > s.length()) {
        return false;
      }
      for (int k = 0; k < prefix.length(); k++) {
        if (s.charAt(i + k) != prefix.charAt(k)) {
          return false;
        }
      }
      return true;
    }
  }
}
