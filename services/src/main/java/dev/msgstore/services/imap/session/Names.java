package dev.msgstore.services.imap.session;

import dev.msgstore.projections.model.MailboxNames;
import java.util.Optional;

/**
 * How a user's IMAP names map to the store's (RFC 3501 section 5.1, RFC 2342): the personal
 * namespace is the user's own {@code user/<uid>/...} ({@code INBOX} any case), other users'
 * mailboxes appear under {@code Other Users/<uid>/...}, and mailboxes outside {@code user/} under
 * {@code Shared Folders/...}. Names stay in modified UTF-7 on both sides (the store keeps them so).
 */
public final class Names {
  public static final String OTHER_USERS = "Other Users";
  public static final String SHARED = "Shared Folders";

  private Names() {}

  /** The store's name of {@code imap} for {@code user}, or empty for a name that maps to none. */
  public static Optional<String> toStore(String user, String imap) {
    if (imap.isEmpty()) {
      return Optional.empty();
    }
    if (startsWithFolder(imap, OTHER_USERS)) {
      String rest = imap.substring(OTHER_USERS.length() + 1);
      return rest.isEmpty() || rest.indexOf('/') < 0
          ? Optional.empty()
          : Optional.of(MailboxNames.canonical(MailboxNames.USER_PREFIX + rest));
    }
    if (startsWithFolder(imap, SHARED)) {
      String rest = imap.substring(SHARED.length() + 1);
      return rest.isEmpty() || rest.regionMatches(true, 0, "user/", 0, 5)
          ? Optional.empty()
          : Optional.of(rest);
    }
    String name = imap;
    if (name.regionMatches(true, 0, "INBOX", 0, 5)
        && (name.length() == 5 || name.charAt(5) == '/')) {
      name = "INBOX" + name.substring(5);
    }
    return Optional.of(MailboxNames.USER_PREFIX + user + "/" + name);
  }

  private static boolean startsWithFolder(String name, String folder) {
    return name.startsWith(folder + "/");
  }

  /** The IMAP name of store mailbox {@code store} as {@code user} sees it. */
  public static String toImap(String user, String store) {
    String own = MailboxNames.USER_PREFIX + user + "/";
    if (store.startsWith(own)) {
      return store.substring(own.length());
    }
    if (store.startsWith(MailboxNames.USER_PREFIX)) {
      return OTHER_USERS + "/" + store.substring(MailboxNames.USER_PREFIX.length());
    }
    return SHARED + "/" + store;
  }
}
