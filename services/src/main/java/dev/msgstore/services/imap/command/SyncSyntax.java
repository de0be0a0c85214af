package dev.msgstore.services.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grammar CONDSTORE and QRESYNC (RFC 7162 section 7) and ESEARCH (RFC 4731 section 3) add to
 * SELECT, FETCH, STORE and SEARCH; {@link CommandParser} calls here where a command may take them.
 */
final class SyncSyntax {
  private SyncSyntax() {}

  /** SELECT's parameters after the mailbox: {@code (CONDSTORE)} or {@code (QRESYNC (...))}. */
  static ImapCommand.Select select(Lexer in, String tag, String mailbox, boolean readOnly)
      throws ParseError {
    in.expect('(');
    boolean condstore = false;
    ImapCommand.Qresync qresync = null;
    do {
      String word = in.atom().toUpperCase(Locale.ROOT);
      switch (word) {
        case "CONDSTORE" -> condstore = true;
        case "QRESYNC" -> {
          in.space();
          in.expect('(');
          long uidValidity = in.number32();
          in.space();
          long modSeq = in.number();
          SequenceSet known = null;
          if (in.accept(' ')) {
            if (!in.peekIs('(')) {
              known = SequenceSet.parse(in);
            }
            if (known == null || in.accept(' ')) {
              in.expect('(');
              SequenceSet.parse(in);
              in.space();
              SequenceSet.parse(in);
              in.expect(')');
            }
          }
          in.expect(')');
          if (uidValidity == 0) {
            throw in.error("QRESYNC's UIDVALIDITY is not 0");
          }
          qresync = new ImapCommand.Qresync(uidValidity, modSeq, known);
        }
        default -> throw in.error("unknown SELECT parameter " + word);
      }
    } while (in.accept(' '));
    in.expect(')');
    return new ImapCommand.Select(tag, mailbox, readOnly, condstore, qresync);
  }

  /** SEARCH's {@code RETURN (...)}, after the word RETURN. */
  static List<String> searchReturn(Lexer in) throws ParseError {
    in.space();
    in.expect('(');
    List<String> out = new ArrayList<>();
    if (!in.accept(')')) {
      do {
        String word = in.atom().toUpperCase(Locale.ROOT);
        if (!List.of("MIN", "MAX", "ALL", "COUNT").contains(word)) {
          throw in.error("unknown SEARCH RETURN option " + word);
        }
        out.add(word);
      } while (in.accept(' '));
      in.expect(')');
    }
    return out;
  }

  /** FETCH's modifiers: {@code (CHANGEDSINCE n [VANISHED])}. */
  static ImapCommand.Fetch fetchModifiers(
      Lexer in, String tag, boolean uid, SequenceSet set, List<FetchItem> items) throws ParseError {
    in.expect('(');
    long changedSince = -1;
    boolean vanished = false;
    do {
      String word = in.atom().toUpperCase(Locale.ROOT);
      switch (word) {
        case "CHANGEDSINCE" -> {
          in.space();
          changedSince = in.number();
        }
        case "VANISHED" -> vanished = true;
        default -> throw in.error("unknown FETCH modifier " + word);
      }
    } while (in.accept(' '));
    in.expect(')');
    if (vanished && (!uid || changedSince < 0)) {
      throw in.error("VANISHED goes with UID FETCH and CHANGEDSINCE");
    }
    if (changedSince >= 0 && items.stream().noneMatch(i -> i instanceof FetchItem.ModSeq)) {
      items = new ArrayList<>(items);
      items.add(new FetchItem.ModSeq()); // RFC 7162 section 3.1.4.1: CHANGEDSINCE implies MODSEQ
    }
    return new ImapCommand.Fetch(tag, uid, set, items, changedSince, vanished);
  }

  /** STORE's modifier {@code (UNCHANGEDSINCE n)}. */
  static long unchangedSince(Lexer in) throws ParseError {
    in.expect('(');
    if (!in.acceptWord("UNCHANGEDSINCE")) {
      throw in.error("unknown STORE modifier");
    }
    in.space();
    long n = in.number();
    in.expect(')');
    return n;
  }

  /** The search key {@code MODSEQ [entry-name entry-type-req] n}, after the word MODSEQ. */
  static SearchKey modSeqKey(Lexer in) throws ParseError {
    in.space();
    if (in.peekIs('"')) {
      in.string(); // an entry name: msgstore keeps one modseq per message, not per flag
      in.space();
      String type = in.atom().toUpperCase(Locale.ROOT);
      if (!List.of("PRIV", "SHARED", "ALL").contains(type)) {
        throw in.error("unknown MODSEQ entry type " + type);
      }
      in.space();
    }
    return new SearchKey.ModSeq(in.number());
  }
}
