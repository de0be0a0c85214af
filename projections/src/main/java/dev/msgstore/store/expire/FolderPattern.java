package dev.msgstore.store.expire;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.msgstore.projections.model.MailboxPattern;

/**
 * A rule's {@code folderpattern} over full mailbox names ({@code user/joe/Trash}): an IMAP pattern
 * ({@code *}, {@code %}), or with {@code regexp: 1} a POSIX-style regular expression that must
 * match the whole name (RE2: linear time, no catastrophic backtracking).
 */
public record FolderPattern(String text, boolean regexp, Pattern compiled) {
  /** {@code text} as given; throws IllegalArgumentException with the reason if it is not valid. */
  public static FolderPattern of(String text, boolean regexp) {
    if (!regexp) {
      return new FolderPattern(text, false, null);
    }
    try {
      return new FolderPattern(text, true, Pattern.compile(text));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regular expression: " + e.getDescription());
    }
  }

  public boolean matches(String mailbox) {
    return regexp ? compiled.matches(mailbox) : new MailboxPattern(text).matches(mailbox);
  }

  @Override
  public String toString() {
    return text;
  }
}
