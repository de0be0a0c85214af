package dev.msgstore.services.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LIST's grammar with RFC 5258's extensions (selection options before the reference, a
 * parenthesised list of patterns, RETURN options after them), RFC 5819's RETURN (STATUS (...)) and
 * RFC 6154's SPECIAL-USE option. A LIST without any of them stays a plain {@link
 * ImapCommand.ListMailboxes}.
 */
final class ListSyntax {
  private static final List<String> SELECTION =
      List.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
  private static final List<String> RETURNS =
      List.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS");

  private ListSyntax() {}

  /** LIST's arguments, after "LIST ". */
  static ImapCommand list(Lexer in, String tag) throws ParseError {
    boolean extended = false;
    List<String> selection = new ArrayList<>();
    if (in.peekIs('(')) {
      extended = true;
      options(in, SELECTION, selection, "selection");
      in.space();
      if (selection.contains("RECURSIVEMATCH")
          && !selection.contains("SUBSCRIBED")
          && !selection.contains("SPECIAL-USE")) {
        throw in.error("RECURSIVEMATCH needs another selection option (RFC 5258 section 3)");
      }
    }
    String ref = in.astring();
    in.space();
    List<String> patterns = new ArrayList<>();
    if (in.accept('(')) {
      extended = true;
      do {
        patterns.add(in.listMailbox());
      } while (in.accept(' '));
      in.expect(')');
    } else {
      patterns.add(in.listMailbox());
    }
    List<String> returns = new ArrayList<>();
    List<String> statusItems = List.of();
    if (in.accept(' ')) {
      if (!in.acceptWord("RETURN")) {
        throw in.error("expected RETURN after LIST's patterns");
      }
      extended = true;
      in.space();
      in.expect('(');
      if (!in.accept(')')) {
        do {
          String word = in.atom().toUpperCase(Locale.ROOT);
          if (!RETURNS.contains(word)) {
            throw in.error("unknown LIST return option " + word);
          }
          if (word.equals("STATUS")) {
            in.space();
            statusItems = CommandParser.statusItems(in);
          }
          returns.add(word);
        } while (in.accept(' '));
        in.expect(')');
      }
    }
    if (!extended) {
      return new ImapCommand.ListMailboxes(tag, ref, patterns.get(0), false);
    }
    return new ImapCommand.ListExtended(tag, ref, patterns, selection, returns, statusItems);
  }

  private static void options(Lexer in, List<String> known, List<String> out, String what)
      throws ParseError {
    in.expect('(');
    if (in.accept(')')) {
      return;
    }
    do {
      String word = in.atom().toUpperCase(Locale.ROOT);
      if (!known.contains(word)) {
        throw in.error("unknown LIST " + what + " option " + word);
      }
      out.add(word);
    } while (in.accept(' '));
    in.expect(')');
  }
}
