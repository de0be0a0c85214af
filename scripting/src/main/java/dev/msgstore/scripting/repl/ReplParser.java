package dev.msgstore.scripting.repl;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * JLine's view of the buffer: on Enter, an incomplete entry is an {@link EOFError}, on which JLine
 * goes on to a new line of the same entry (so that a multi-line entry is edited, and kept in the
 * history, as one); for completion, the word at the cursor.
 */
final class ReplParser implements Parser {
  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE
        && !line.isBlank()
        && !SlashCommand.isCommand(line)
        && EntryAnalyzer.analyze(line) instanceof Analysis.Incomplete incomplete) {
      throw new EOFError(-1, -1, "incomplete entry", null, incomplete.openBrackets(), null);
    }
    return CursorContext.at(line, cursor);
  }

  /** A backslash is Groovy's, not the line editor's. */
  @Override
  public boolean isEscapeChar(char ch) {
    return false;
  }
}
