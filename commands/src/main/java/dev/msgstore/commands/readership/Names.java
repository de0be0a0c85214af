package dev.msgstore.commands.readership;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.projections.model.ModifiedUtf7;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Set;

/**
 * Mailbox names in the {@code -e} encoding: without it (or with a modified UTF-7 name) they are
 * given and shown as stored; with a charset (UTF-8, ...) they are text, encoded for the store and
 * decoded for output, and a {@code -m} pattern is matched against the decoded names.
 */
record Names(boolean text) {
  private static final Set<String> MUTF7 =
      Set.of("M-UTF-7", "MUTF-7", "MUTF7", "MODIFIED-UTF-7", "IMAP-UTF-7", "X-IMAP4-MODIFIED-UTF7");

  static Names of(String encoding) {
    if (encoding == null || MUTF7.contains(encoding.toUpperCase(Locale.ROOT))) {
      return new Names(false);
    }
    String upper = encoding.toUpperCase(Locale.ROOT).replace("-", "");
    if (upper.startsWith("UTF16") || upper.startsWith("UTF32")) {
      throw VerbFailure.usage("-e " + encoding + ": UTF-16 and UTF-32 are not supported");
    }
    if (!Charset.isSupported(encoding)) {
      throw VerbFailure.usage("-e " + encoding + ": unknown encoding");
    }
    return new Names(true);
  }

  String toInternal(String name) {
    return MailboxNames.canonical(text ? ModifiedUtf7.encode(name) : name);
  }

  String toDisplay(String internal) {
    return text ? ModifiedUtf7.decodeLenient(internal) : internal;
  }

  /** Whether the stored {@code internal} name matches the IMAP pattern as given. */
  boolean matches(MailboxPattern pattern, String internal) {
    return pattern.matches(text ? toDisplay(internal) : internal);
  }

  /** The stored names a pattern can match all start with this: the range to scan. */
  String scanPrefix(MailboxPattern pattern) {
    String literal = pattern.literalPrefix();
    if (!text) {
      return literal;
    }
    return ModifiedUtf7.unchangedPrefix(literal);
  }
}
