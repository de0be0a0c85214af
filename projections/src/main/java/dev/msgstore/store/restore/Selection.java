package dev.msgstore.store.restore;

import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.Rejected;
import java.util.List;
import java.util.Optional;

/**
 * The mailboxes a restore names. {@code user/joe} is the whole account; a name without wildcards is
 * that mailbox and every mailbox under it (a folder comes back with its subfolders), and so is
 * {@code NAME/*}; any other {@code *} or {@code %} is an IMAP pattern.
 */
record Selection(String given, String prefix, MailboxPattern pattern) {

  static Selection of(String given) {
    if (given == null || given.isBlank()) {
      throw Rejected.invalid("a mailbox name cannot be empty");
    }
    Optional<String> account = MailboxNames.accountOf(given);
    if (account.isPresent()) {
      return new Selection(given, MailboxNames.USER_PREFIX + account.get() + "/", null);
    }
    String name = given.endsWith("/*") ? given.substring(0, given.length() - 2) : given;
    if (name.indexOf('*') < 0 && name.indexOf('%') < 0) {
      MailboxNames.problem(name)
          .ifPresent(
              p -> {
                throw Rejected.invalid(p);
              });
      return new Selection(given, MailboxNames.canonical(name), null);
    }
    MailboxPattern p = new MailboxPattern(MailboxNames.canonical(given));
    return new Selection(given, p.literalPrefix(), p);
  }

  static List<Selection> of(List<String> given) {
    if (given.isEmpty()) {
      throw Rejected.invalid("name the mailboxes to restore (user/joe, user/joe/Projects, ...)");
    }
    return given.stream().map(Selection::of).toList();
  }

  /** Whether the canonical {@code name} is one of the mailboxes selected. */
  boolean selects(String name) {
    if (pattern != null) {
      return pattern.matches(name);
    }
    if (prefix.endsWith("/")) {
      return name.startsWith(prefix);
    }
    return name.equals(prefix) || name.startsWith(prefix + "/");
  }

  /**
   * A prefix of the names of every mailbox that may have been among those selected at some time:
   * the owner's {@code user/<owner>/} when the selection is within one account (a mailbox renamed
   * inside an account stays in it), else {@link #scanPrefix()}.
   */
  String historyPrefix() {
    Optional<String> owner = MailboxNames.ownerOf(prefix);
    if (owner.isPresent()) {
      String account = MailboxNames.USER_PREFIX + owner.get() + "/";
      if (prefix.startsWith(account)) {
        return account;
      }
    }
    return prefix;
  }

  /** A prefix of every selected name, for a range scan of the mailbox registry. */
  String scanPrefix() {
    return prefix;
  }
}
