package dev.msgstore.commands.mboxutil;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.projections.model.ModifiedUtf7;
import java.util.Optional;

/**
 * Which mailboxes a mode works on: an IMAP pattern ({@code -p}, {@code *} and {@code %}, in the
 * {@code -E} encoding, INBOX in any case), a regular expression ({@code -P}, matched with RE2 in
 * time linear in the name, unanchored like POSIX {@code regexec}, against the name as displayed),
 * or all.
 */
final class Selection {
  private final MailboxPattern pattern; // in the -E encoding's text (internal without -E)
  private final Pattern regex;
  private final NameCodec codec;
  private final String shown;
  private final String prefix; // internal form

  private Selection(
      MailboxPattern pattern, Pattern regex, NameCodec codec, String shown, String prefix) {
    this.pattern = pattern;
    this.regex = regex;
    this.codec = codec;
    this.shown = shown;
    this.prefix = prefix;
  }

  static Selection of(String imapPattern, String regexp, NameCodec codec) {
    if (imapPattern != null && regexp != null) {
      throw VerbFailure.usage("-p and -P cannot be used together");
    }
    if (imapPattern != null) {
      if (imapPattern.isEmpty()) {
        throw VerbFailure.usage("-p: the pattern is empty");
      }
      for (int i = 0; i < imapPattern.length(); i++) {
        char c = imapPattern.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw VerbFailure.usage(
              String.format("-p: the pattern contains a control character (0x%02x)", (int) c));
        }
      }
      // Validates the pattern's characters for the encoding.
      String internal = MailboxNames.canonical(codec.toInternal(imapPattern));
      if (codec.isModifiedUtf7()) {
        MailboxPattern p = new MailboxPattern(internal);
        return new Selection(p, null, codec, imapPattern, p.literalPrefix());
      }
      // Text is matched as text: "送信*" must find "送信済み", whose modified UTF-7 does not
      // start with that of "送信". The range scanned is the literal ASCII start.
      MailboxPattern p = new MailboxPattern(MailboxNames.canonical(imapPattern));
      return new Selection(
          p, null, codec, imapPattern, ModifiedUtf7.unchangedPrefix(p.literalPrefix()));
    }
    if (regexp != null) {
      if (regexp.isEmpty()) {
        throw VerbFailure.usage("-P: the regular expression is empty");
      }
      try {
        return new Selection(null, Pattern.compile(regexp), codec, regexp, "");
      } catch (PatternSyntaxException e) {
        throw VerbFailure.usage(
            "-P: invalid regular expression '" + regexp + "': " + e.getDescription());
      }
    }
    return new Selection(null, null, codec, null, "");
  }

  boolean all() {
    return pattern == null && regex == null;
  }

  /** What the administrator gave (for messages), or "*". */
  String shown() {
    return shown == null ? "*" : shown;
  }

  /** Every match starts with this (internal form): the range to scan. */
  String scanPrefix() {
    return prefix;
  }

  /** The user every match belongs to, when the pattern names one before any wildcard. */
  Optional<String> singleOwner() {
    String prefix = scanPrefix();
    if (!prefix.startsWith(MailboxNames.USER_PREFIX)
        || prefix.indexOf(MailboxNames.SEPARATOR, MailboxNames.USER_PREFIX.length()) < 0) {
      return Optional.empty();
    }
    return MailboxNames.ownerOf(prefix);
  }

  boolean matches(String internalName) {
    if (pattern != null) {
      return pattern.matches(codec.isModifiedUtf7() ? internalName : codec.toDisplay(internalName));
    }
    if (regex != null) {
      return regex.matcher(codec.toDisplay(internalName)).find();
    }
    return true;
  }
}
