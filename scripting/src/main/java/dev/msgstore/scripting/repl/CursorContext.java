package dev.msgstore.scripting.repl;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.CompletingParsedLine;

/**
 * What the cursor is in, for completion: the word being typed and what it belongs to. It is also
 * the line as JLine's completion sees it (one word, the one at the cursor, which a chosen candidate
 * replaces), so that the parser and the completer agree on the word.
 *
 * @param kind what the word is
 * @param word the text being completed, up to the cursor
 * @param receiver for a {@link Kind#MEMBER}, the name before the dot (null: not a plain name)
 * @param callee the call the cursor is in ({@code mboxutil}, {@code mboxutil.list}), or null
 * @param argumentPosition whether a named argument could start at the word
 */
record CursorContext(
    String line,
    int cursor,
    Kind kind,
    String word,
    String receiver,
    String callee,
    boolean argumentPosition)
    implements CompletingParsedLine {

  enum Kind {
    /** {@code /he}: a slash command. */
    COMMAND,
    /** A name in code: a verb, a variable, a named argument. */
    NAME,
    /** {@code mboxutil.li}: a member of a verb (a mode) or of a variable's value. */
    MEMBER,
    /** Inside a string literal: a mailbox name, or a verb's option flag. */
    STRING,
    /** In a comment or a slashy string: nothing to complete. */
    NONE
  }

  private static final String NAME = "[A-Za-z_$][\\w$]*";
  private static final Pattern CALLEE = Pattern.compile("(" + NAME + "(?:\\." + NAME + ")?)\\s*$");
  private static final Pattern COMMAND_CALL =
      Pattern.compile("\\s*(" + NAME + "(?:\\." + NAME + ")?)\\s+\\S.*", Pattern.DOTALL);
  private static final Pattern RECEIVER = Pattern.compile("(?<![\\w$.])(" + NAME + ")\\??\\.$");

  static CursorContext at(String line, int cursor) {
    String before = line.substring(0, Math.min(Math.max(cursor, 0), line.length()));
    if (before.stripLeading().matches("/[A-Za-z]*")) {
      return new CursorContext(
          line, cursor, Kind.COMMAND, before.stripLeading(), null, null, false);
    }
    LexicalScan scan = LexicalScan.of(before);
    String callee = callee(before, scan);
    if (scan.inString()) {
      String word = before.substring(scan.stringStart());
      return new CursorContext(line, cursor, Kind.STRING, word, null, callee, false);
    }
    if (scan.mode() != LexicalScan.Mode.CODE) {
      return new CursorContext(line, cursor, Kind.NONE, "", null, null, false);
    }
    int start = before.length();
    while (start > 0 && isNamePart(before.charAt(start - 1))) {
      start--;
    }
    String word = before.substring(start);
    String ahead = before.substring(0, start);
    if (ahead.endsWith(".")) {
      Matcher receiver = RECEIVER.matcher(ahead);
      String name = receiver.find() ? receiver.group(1) : null; // null: a chain, not a name
      return new CursorContext(line, cursor, Kind.MEMBER, word, name, callee, false);
    }
    String trimmed = ahead.stripTrailing();
    boolean argument =
        callee != null
            && (trimmed.endsWith("(") || trimmed.endsWith(",") || trimmed.endsWith(callee));
    return new CursorContext(line, cursor, Kind.NAME, word, null, callee, argument);
  }

  /**
   * The call whose arguments the end of {@code before} is in: the name before the innermost open
   * parenthesis, or, outside any bracket, a statement that starts with a name and a blank ({@code
   * mboxutil '-l', ...}: a call without parentheses).
   */
  private static String callee(String before, LexicalScan scan) {
    List<LexicalScan.Open> open = scan.open();
    if (!open.isEmpty()) {
      LexicalScan.Open innermost = open.get(0);
      if (innermost.bracket() != '(') {
        return null;
      }
      Matcher m = CALLEE.matcher(before.substring(0, innermost.offset()));
      return m.find() ? m.group(1) : null;
    }
    Matcher m = COMMAND_CALL.matcher(before.substring(scan.statementStart()));
    return m.matches() ? m.group(1) : null;
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  @Override
  public int wordIndex() {
    return 0;
  }

  @Override
  public List<String> words() {
    return List.of(word);
  }

  @Override
  public int wordCursor() {
    return word.length();
  }

  /** A candidate goes in as it is: Groovy's quoting is the user's to write. */
  @Override
  public CharSequence escape(CharSequence candidate, boolean complete) {
    return candidate;
  }

  @Override
  public int rawWordCursor() {
    return word.length();
  }

  /** The word ends at the cursor: what follows it stays. */
  @Override
  public int rawWordLength() {
    return word.length();
  }
}
