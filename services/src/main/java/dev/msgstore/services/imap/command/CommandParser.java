package dev.msgstore.services.imap.command;

import dev.msgstore.services.imap.message.Section;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a command's bytes (as {@code ImapInput} returns them, literals included) into an {@link
 * ImapCommand}: a pure function of its input, the grammar of RFC 3501 section 9 and of the
 * extensions msgstore announces. Anything else is a {@link ParseError}.
 */
public final class CommandParser {
  private static final DateTimeFormatter SEARCH_DATE =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("d-MMM-yyyy")
          .toFormatter(Locale.ROOT);

  private CommandParser() {}

  public static ImapCommand parse(byte[] command) throws ParseError {
    return parse(command, null);
  }

  /**
   * As {@link #parse(byte[])}, for a command whose APPEND message literal the reader spooled:
   * {@code command} then holds its announcement ({@code {n}}) and nothing of its bytes.
   */
  public static ImapCommand parse(byte[] command, MessageLiteral.Spooled spooled)
      throws ParseError {
    Lexer in = new Lexer(command);
    in.spooled(spooled);
    String tag = in.readTag();
    in.tag(tag);
    in.space();
    String name = in.atom().toUpperCase(Locale.ROOT);
    ImapCommand c = parse(in, tag, name, false);
    in.end();
    return c;
  }

  private static ImapCommand parse(Lexer in, String tag, String name, boolean uid)
      throws ParseError {
    switch (name) {
      case "UID" -> {
        if (uid) {
          throw in.error("UID UID is not a command");
        }
        in.space();
        String sub = in.atom().toUpperCase(Locale.ROOT);
        if (sub.equals("SORT") || sub.equals("THREAD")) { // RFC 5256
          return parse(in, tag, sub, true);
        }
        if (!List.of("FETCH", "SEARCH", "STORE", "COPY", "MOVE", "EXPUNGE").contains(sub)) {
          throw in.error("UID " + sub + " is not a command");
        }
        return parse(in, tag, sub, true);
      }
      case "CAPABILITY" -> {
        return new ImapCommand.Capability(tag);
      }
      case "NOOP" -> {
        return new ImapCommand.Noop(tag);
      }
      case "LOGOUT" -> {
        return new ImapCommand.Logout(tag);
      }
      case "STARTTLS" -> {
        return new ImapCommand.StartTls(tag);
      }
      case "CHECK" -> {
        return new ImapCommand.Check(tag);
      }
      case "CLOSE" -> {
        return new ImapCommand.Close(tag);
      }
      case "UNSELECT" -> {
        return new ImapCommand.Unselect(tag);
      }
      case "IDLE" -> {
        return new ImapCommand.Idle(tag);
      }
      case "NAMESPACE" -> {
        return new ImapCommand.Namespace(tag);
      }
      case "EXPUNGE" -> {
        SequenceSet uids = null;
        if (uid) {
          in.space();
          uids = SequenceSet.parse(in);
        }
        return new ImapCommand.Expunge(tag, uids);
      }
      case "LOGIN" -> {
        in.space();
        String user = in.astring();
        in.space();
        return new ImapCommand.Login(tag, user, in.astring());
      }
      case "AUTHENTICATE" -> {
        in.space();
        String mech = in.atom().toUpperCase(Locale.ROOT);
        String initial = null;
        if (in.accept(' ')) {
          initial = in.accept('=') ? "" : in.atom();
        }
        return new ImapCommand.Authenticate(tag, mech, initial);
      }
      case "SELECT", "EXAMINE" -> {
        in.space();
        String mailbox = in.astring();
        if (in.accept(' ')) {
          return SyncSyntax.select(in, tag, mailbox, name.equals("EXAMINE"));
        }
        return new ImapCommand.Select(tag, mailbox, name.equals("EXAMINE"));
      }
      case "CREATE" -> {
        in.space();
        String mailbox = in.astring();
        if (in.accept(' ')) {
          // RFC 6154 section 3: CREATE name (USE (\Sent ...))
          in.expect('(');
          if (!in.acceptWord("USE")) {
            throw in.error("unknown CREATE parameter");
          }
          in.space();
          List<String> uses = in.flagList(true);
          in.expect(')');
          return new ImapCommand.Create(tag, mailbox, uses);
        }
        return new ImapCommand.Create(tag, mailbox);
      }
      case "DELETE" -> {
        in.space();
        return new ImapCommand.Delete(tag, in.astring());
      }
      case "RENAME" -> {
        in.space();
        String from = in.astring();
        in.space();
        return new ImapCommand.Rename(tag, from, in.astring());
      }
      case "SUBSCRIBE", "UNSUBSCRIBE" -> {
        in.space();
        return new ImapCommand.Subscribe(tag, in.astring(), name.equals("SUBSCRIBE"));
      }
      case "LIST", "LSUB" -> {
        in.space();
        if (name.equals("LSUB")) {
          String ref = in.astring();
          in.space();
          return new ImapCommand.ListMailboxes(tag, ref, in.listMailbox(), true);
        }
        return ListSyntax.list(in, tag);
      }
      case "STATUS" -> {
        in.space();
        String mailbox = in.astring();
        in.space();
        return new ImapCommand.Status(tag, mailbox, statusItems(in));
      }
      case "APPEND" -> {
        return append(in, tag);
      }
      case "SEARCH" -> {
        in.space();
        List<String> returns = null;
        if (in.acceptWord("RETURN")) {
          returns = SyncSyntax.searchReturn(in);
          in.space();
        }
        String charset = null;
        if (in.acceptWord("CHARSET")) {
          in.space();
          charset = in.astring();
          in.space();
        }
        List<SearchKey> keys = new ArrayList<>();
        keys.add(searchKey(in, 0));
        while (in.accept(' ')) {
          keys.add(searchKey(in, 0));
        }
        return new ImapCommand.Search(
            tag, uid, charset, keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys), returns);
      }
      case "SORT" -> {
        in.space();
        in.expect('(');
        List<ImapCommand.SortKey> criteria = new ArrayList<>();
        do {
          boolean reverse = false;
          String word = in.atom().toUpperCase(Locale.ROOT);
          if (word.equals("REVERSE")) {
            reverse = true;
            in.space();
            word = in.atom().toUpperCase(Locale.ROOT);
          }
          try {
            criteria.add(new ImapCommand.SortKey(ImapCommand.SortKey.By.valueOf(word), reverse));
          } catch (IllegalArgumentException e) {
            throw in.error("unknown sort criterion " + word);
          }
        } while (in.accept(' '));
        in.expect(')');
        in.space();
        String charset = in.astring();
        return new ImapCommand.Sort(tag, uid, criteria, charset, searchCriteria(in));
      }
      case "THREAD" -> {
        in.space();
        String algorithm = in.atom().toUpperCase(Locale.ROOT);
        ImapCommand.Thread.Threading threading;
        try {
          threading = ImapCommand.Thread.Threading.valueOf(algorithm);
        } catch (IllegalArgumentException e) {
          throw in.error("unknown threading algorithm " + algorithm);
        }
        in.space();
        String charset = in.astring();
        return new ImapCommand.Thread(tag, uid, threading, charset, searchCriteria(in));
      }
      case "FETCH" -> {
        in.space();
        SequenceSet set = SequenceSet.parse(in);
        in.space();
        List<FetchItem> items = fetchItems(in, uid);
        if (in.accept(' ')) {
          return SyncSyntax.fetchModifiers(in, tag, uid, set, items);
        }
        return new ImapCommand.Fetch(tag, uid, set, items);
      }
      case "STORE" -> {
        in.space();
        SequenceSet set = SequenceSet.parse(in);
        in.space();
        long unchangedSince = -1;
        if (in.peekIs('(')) {
          unchangedSince = SyncSyntax.unchangedSince(in);
          in.space();
        }
        String what = in.atom().toUpperCase(Locale.ROOT);
        char mode = what.startsWith("+") ? '+' : what.startsWith("-") ? '-' : '=';
        String rest = mode == '=' ? what : what.substring(1);
        boolean silent = rest.endsWith(".SILENT");
        if (!(silent ? rest.equals("FLAGS.SILENT") : rest.equals("FLAGS"))) {
          throw in.error("STORE takes FLAGS, +FLAGS or -FLAGS, not " + what);
        }
        in.space();
        List<String> flags = in.flagList(false);
        return new ImapCommand.Store(tag, uid, set, mode, silent, flags, unchangedSince);
      }
      case "COPY", "MOVE" -> {
        in.space();
        SequenceSet set = SequenceSet.parse(in);
        in.space();
        return new ImapCommand.Copy(tag, uid, set, in.astring(), name.equals("MOVE"));
      }
      case "ENABLE" -> {
        List<String> caps = new ArrayList<>();
        while (in.accept(' ')) {
          caps.add(in.atom().toUpperCase(Locale.ROOT));
        }
        if (caps.isEmpty()) {
          throw in.error("ENABLE names at least one capability");
        }
        return new ImapCommand.Enable(tag, caps);
      }
      case "ID" -> {
        in.space();
        List<String> fields = new ArrayList<>();
        if (!in.acceptWord("NIL")) {
          in.expect('(');
          if (!in.accept(')')) {
            do {
              fields.add(in.string());
              in.space();
              String v = in.nstring();
              fields.add(v);
            } while (in.accept(' '));
            in.expect(')');
          }
        }
        return new ImapCommand.Id(tag, fields.stream().map(f -> f == null ? "NIL" : f).toList());
      }
      case "SETACL", "DELETEACL", "GETACL", "LISTRIGHTS", "MYRIGHTS" -> {
        return AclParser.parse(in, tag, name);
      }
      case "GETQUOTA", "GETQUOTAROOT", "SETQUOTA" -> {
        return QuotaParser.parse(in, tag, name);
      }
      default -> throw in.error("unknown command " + name);
    }
  }

  /** STATUS's parenthesised items (also LIST-STATUS's, RFC 5819). */
  static List<String> statusItems(Lexer in) throws ParseError {
    in.expect('(');
    List<String> items = new ArrayList<>();
    do {
      String item = in.atom().toUpperCase(Locale.ROOT);
      if (!List.of(
              "MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "SIZE", "HIGHESTMODSEQ")
          .contains(item)) {
        throw in.error("unknown STATUS item " + item);
      }
      items.add(item);
    } while (in.accept(' '));
    in.expect(')');
    return items;
  }

  /** SORT's and THREAD's search keys after their charset: one or more, ANDed. */
  private static SearchKey searchCriteria(Lexer in) throws ParseError {
    List<SearchKey> keys = new ArrayList<>();
    do {
      in.space();
      keys.add(searchKey(in, 0));
    } while (in.peekIs(' '));
    return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
  }

  private static ImapCommand append(Lexer in, String tag) throws ParseError {
    in.space();
    String mailbox = in.astring();
    in.space();
    List<String> flags = List.of();
    if (in.peekIs('(')) {
      flags = in.flagList(true);
      in.space();
    }
    String date = null;
    if (in.peekIs('"')) {
      date = in.string();
      in.space();
    }
    in.accept('~'); // literal8 (RFC 3516 section 4.4): the message may hold NUL bytes
    if (!in.peekIs('{')) {
      throw in.error("APPEND takes the message as a literal");
    }
    MessageLiteral message = in.messageLiteral();
    return new ImapCommand.Append(tag, mailbox, flags, date, message);
  }

  private static SearchKey searchKey(Lexer in, int depth) throws ParseError {
    if (depth > Lexer.MAX_DEPTH) {
      throw in.error("search criteria nested too deeply");
    }
    if (in.accept('(')) {
      List<SearchKey> keys = new ArrayList<>();
      keys.add(searchKey(in, depth + 1));
      while (in.accept(' ')) {
        keys.add(searchKey(in, depth + 1));
      }
      in.expect(')');
      return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }
    if (in.peekIs('*') || (in.peek() >= '0' && in.peek() <= '9')) {
      return new SearchKey.Sequence(SequenceSet.parse(in));
    }
    String word = in.atom().toUpperCase(Locale.ROOT);
    return switch (word) {
      case "ALL" -> new SearchKey.All();
      case "ANSWERED", "DELETED", "FLAGGED", "SEEN", "DRAFT" ->
          new SearchKey.Flag("\\" + word, true);
      case "UNANSWERED", "UNDELETED", "UNFLAGGED", "UNSEEN", "UNDRAFT" ->
          new SearchKey.Flag("\\" + word.substring(2), false);
      case "RECENT" -> new SearchKey.Recent(true);
      case "OLD" -> new SearchKey.Recent(false);
      case "NEW" -> new SearchKey.New();
      case "KEYWORD", "UNKEYWORD" -> {
        in.space();
        yield new SearchKey.Keyword(in.atom(), word.equals("KEYWORD"));
      }
      case "UID" -> {
        in.space();
        yield new SearchKey.Uid(SequenceSet.parse(in));
      }
      case "LARGER", "SMALLER" -> {
        in.space();
        long n = in.number();
        yield word.equals("LARGER") ? new SearchKey.Larger(n) : new SearchKey.Smaller(n);
      }
      case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE" -> {
        in.space();
        boolean sent = word.startsWith("SENT");
        SearchKey.When when = SearchKey.When.valueOf(sent ? word.substring(4) : word);
        yield new SearchKey.Date(when, date(in), sent);
      }
      case "FROM", "TO", "CC", "BCC", "SUBJECT" -> {
        in.space();
        yield new SearchKey.Header(word, in.astring());
      }
      case "HEADER" -> {
        in.space();
        String field = in.astring();
        in.space();
        yield new SearchKey.Header(field, in.astring());
      }
      case "BODY" -> {
        in.space();
        yield new SearchKey.Body(in.astring());
      }
      case "TEXT" -> {
        in.space();
        yield new SearchKey.Text(in.astring());
      }
      case "MODSEQ" -> SyncSyntax.modSeqKey(in);
      case "NOT" -> {
        in.space();
        yield new SearchKey.Not(searchKey(in, depth + 1));
      }
      case "OR" -> {
        in.space();
        SearchKey left = searchKey(in, depth + 1);
        in.space();
        yield new SearchKey.Or(left, searchKey(in, depth + 1));
      }
      default -> throw in.error("unknown search key " + word);
    };
  }

  private static LocalDate date(Lexer in) throws ParseError {
    String text = in.peekIs('"') ? in.string() : in.atom();
    try {
      return LocalDate.parse(text, SEARCH_DATE);
    } catch (DateTimeParseException e) {
      throw in.error("not a date (d-Mon-yyyy): " + text);
    }
  }

  private static List<FetchItem> fetchItems(Lexer in, boolean uid) throws ParseError {
    List<FetchItem> items = new ArrayList<>();
    if (in.accept('(')) {
      items.add(fetchItem(in));
      while (in.accept(' ')) {
        items.add(fetchItem(in));
      }
      in.expect(')');
    } else if (in.acceptWord("ALL")) {
      items.addAll(
          List.of(
              new FetchItem.Flags(),
              new FetchItem.InternalDate(),
              new FetchItem.Rfc822Size(),
              new FetchItem.Envelope()));
    } else if (in.acceptWord("FAST")) {
      items.addAll(
          List.of(new FetchItem.Flags(), new FetchItem.InternalDate(), new FetchItem.Rfc822Size()));
    } else if (in.acceptWord("FULL")) {
      items.addAll(
          List.of(
              new FetchItem.Flags(),
              new FetchItem.InternalDate(),
              new FetchItem.Rfc822Size(),
              new FetchItem.Envelope(),
              new FetchItem.Structure(false)));
    } else {
      items.add(fetchItem(in));
    }
    if (uid && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
      items.add(0, new FetchItem.Uid()); // RFC 3501 section 6.4.8: UID FETCH always answers UID
    }
    return items;
  }

  private static FetchItem fetchItem(Lexer in) throws ParseError {
    String word = in.atom("[]<>.").toUpperCase(Locale.ROOT);
    // the atom stopped at '[' only if it is not an atom char; '[' is, so split here
    int bracket = word.indexOf('[');
    String name = bracket < 0 ? word : word.substring(0, bracket);
    switch (name) {
      case "FLAGS" -> {
        return checkBare(in, word, new FetchItem.Flags());
      }
      case "UID" -> {
        return checkBare(in, word, new FetchItem.Uid());
      }
      case "INTERNALDATE" -> {
        return checkBare(in, word, new FetchItem.InternalDate());
      }
      case "RFC822.SIZE" -> {
        return checkBare(in, word, new FetchItem.Rfc822Size());
      }
      case "ENVELOPE" -> {
        return checkBare(in, word, new FetchItem.Envelope());
      }
      case "MODSEQ" -> {
        return checkBare(in, word, new FetchItem.ModSeq());
      }
      case "BODYSTRUCTURE" -> {
        return checkBare(in, word, new FetchItem.Structure(true));
      }
      case "RFC822" -> {
        return checkBare(
            in,
            word,
            new FetchItem.Section(
                "RFC822",
                new Section(List.of(), Section.Kind.ALL, List.of()),
                false,
                0,
                -1,
                "RFC822"));
      }
      case "RFC822.HEADER" -> {
        return checkBare(
            in,
            word,
            new FetchItem.Section(
                "RFC822.HEADER",
                new Section(List.of(), Section.Kind.HEADER, List.of()),
                true,
                0,
                -1,
                "RFC822.HEADER"));
      }
      case "RFC822.TEXT" -> {
        return checkBare(
            in,
            word,
            new FetchItem.Section(
                "RFC822.TEXT",
                new Section(List.of(), Section.Kind.TEXT, List.of()),
                false,
                0,
                -1,
                "RFC822.TEXT"));
      }
      case "BODY", "BODY.PEEK" -> {
        if (bracket < 0) {
          if (name.equals("BODY")) {
            return new FetchItem.Structure(false);
          }
          throw in.error("BODY.PEEK needs a section");
        }
        return section(in, word.substring(bracket), name.equals("BODY.PEEK"));
      }
      case "BINARY", "BINARY.PEEK", "BINARY.SIZE" -> {
        return binary(in, name, bracket < 0 ? "" : word.substring(bracket));
      }
      default -> throw in.error("unknown FETCH item " + word);
    }
  }

  /**
   * RFC 3516's items: {@code text} is "[" part numbers "]", then a partial for BINARY and
   * BINARY.PEEK.
   */
  private static FetchItem binary(Lexer in, String name, String text) throws ParseError {
    int close = text.indexOf(']');
    if (!text.startsWith("[") || close < 0) {
      throw in.error(name + " needs a section");
    }
    List<Integer> part = new ArrayList<>();
    String numbers = text.substring(1, close);
    if (!numbers.isEmpty()) {
      for (String n : numbers.split("\\.", -1)) {
        if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(Character::isDigit)) {
          throw in.error("bad section-binary [" + numbers + "]");
        }
        int v = Integer.parseInt(n);
        if (v == 0) {
          throw in.error("section numbers start at 1");
        }
        part.add(v);
      }
    }
    String partial = text.substring(close + 1);
    if (name.equals("BINARY.SIZE")) {
      if (!partial.isEmpty()) {
        throw in.error("BINARY.SIZE takes no partial");
      }
      return new FetchItem.BinarySize(part, "BINARY.SIZE[" + numbers + "]");
    }
    long start = 0;
    long length = -1;
    if (!partial.isEmpty()) {
      String[] ab =
          partial.startsWith("<") && partial.endsWith(">")
              ? partial.substring(1, partial.length() - 1).split("\\.", -1)
              : new String[0];
      try {
        if (ab.length != 2) {
          throw new NumberFormatException();
        }
        start = Long.parseLong(ab[0]);
        length = Long.parseLong(ab[1]);
        if (start < 0 || length <= 0 || start > 0xffffffffL || length > 0xffffffffL) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw in.error("bad partial " + partial);
      }
    }
    String label = "BINARY[" + numbers + "]" + (length >= 0 ? "<" + start + ">" : "");
    return new FetchItem.Binary(part, name.equals("BINARY.PEEK"), start, length, label);
  }

  private static FetchItem checkBare(Lexer in, String word, FetchItem item) throws ParseError {
    if (word.indexOf('[') >= 0 || word.indexOf('<') >= 0) {
      throw in.error("unknown FETCH item " + word);
    }
    return item;
  }

  /**
   * The section of BODY[...]: {@code text} begins at '['. A HEADER.FIELDS list is read from the
   * lexer (the atom stopped at its space).
   */
  private static FetchItem section(Lexer in, String text, boolean peek) throws ParseError {
    List<Integer> part = new ArrayList<>();
    int i = 1;
    String spec = text.substring(1);
    // part numbers: 1.2.3, then an optional .KIND
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      int start = i;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (i - start > 9) {
        throw in.error("section number too large");
      }
      int n = Integer.parseInt(text.substring(start, i));
      if (n == 0) {
        throw in.error("section numbers start at 1");
      }
      part.add(n);
      if (i < text.length() && text.charAt(i) == '.') {
        i++;
      } else {
        break;
      }
    }
    spec = text.substring(i);
    String kind;
    List<String> fields = new ArrayList<>();
    int close = spec.indexOf(']');
    String kindText = close < 0 ? spec : spec.substring(0, close);
    switch (kindText) {
      case "" -> kind = "ALL";
      case "HEADER", "TEXT" -> kind = kindText;
      case "MIME" -> {
        if (part.isEmpty()) {
          throw in.error("MIME needs a part number");
        }
        kind = "MIME";
      }
      case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
        if (close >= 0) {
          throw in.error(kindText + " needs a list of fields");
        }
        kind = kindText;
        in.space();
        in.expect('(');
        fields.add(in.astring());
        while (in.accept(' ')) {
          fields.add(in.astring());
        }
        in.expect(')');
        String after = in.atEnd() || in.peekIs(' ') || in.peekIs(')') ? "" : in.atom("]<>.");
        if (!after.startsWith("]")) {
          throw in.error("expected ']' after the field list");
        }
        spec = after;
        close = 0;
      }
      default -> throw in.error("unknown section " + kindText);
    }
    if (close < 0) {
      throw in.error("expected ']'");
    }
    String partial = spec.substring(close + 1);
    long start = 0;
    long length = -1;
    if (!partial.isEmpty()) {
      if (!partial.startsWith("<") || !partial.endsWith(">")) {
        throw in.error("bad partial " + partial);
      }
      String[] ab = partial.substring(1, partial.length() - 1).split("\\.", -1);
      try {
        if (ab.length != 2) {
          throw new NumberFormatException();
        }
        start = Long.parseLong(ab[0]);
        length = Long.parseLong(ab[1]);
        if (start < 0 || length <= 0 || start > 0xffffffffL || length > 0xffffffffL) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw in.error("bad partial " + partial);
      }
    }
    Section s = new Section(part, Section.Kind.valueOf(kind.replace('.', '_')), fields);
    StringBuilder label = new StringBuilder("BODY[");
    for (int p = 0; p < part.size(); p++) {
      label.append(p > 0 ? "." : "").append(part.get(p));
    }
    if (!kind.equals("ALL")) {
      label.append(part.isEmpty() ? "" : ".").append(kind);
    }
    if (!fields.isEmpty()) {
      label.append(" (").append(String.join(" ", fields)).append(')');
    }
    label.append(']');
    if (length >= 0) {
      label.append('<').append(start).append('>');
    }
    return new FetchItem.Section("BODY", s, peek, start, length, label.toString());
  }
}
