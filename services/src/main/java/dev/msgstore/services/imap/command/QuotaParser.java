package dev.msgstore.services.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The commands of RFC 9208 (QUOTA), section 4, as {@link CommandParser} reads them. */
final class QuotaParser {
  private QuotaParser() {}

  static ImapCommand parse(Lexer in, String tag, String name) throws ParseError {
    in.space();
    String name1 = in.astring();
    return switch (name) {
      case "GETQUOTA" -> new ImapCommand.GetQuota(tag, name1);
      case "GETQUOTAROOT" -> new ImapCommand.GetQuotaRoot(tag, name1);
      default -> {
        in.space();
        in.expect('(');
        List<ImapCommand.QuotaLimit> limits = new ArrayList<>();
        if (!in.accept(')')) {
          do {
            String resource = in.atom().toUpperCase(Locale.ROOT);
            in.space();
            limits.add(new ImapCommand.QuotaLimit(resource, in.number()));
          } while (in.accept(' '));
          in.expect(')');
        }
        yield new ImapCommand.SetQuota(tag, name1, limits);
      }
    };
  }
}
