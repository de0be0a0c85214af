package dev.msgstore.projections.model;

import java.util.Optional;

/**
 * The store's mailbox naming: {@code user/<userid>/<folder>}, hierarchy separator {@code /}, {@code
 * INBOX} case-insensitive (stored as {@code INBOX}), every other name case-sensitive.
 */
public final class MailboxNames {
  public static final char SEPARATOR = '/';
  public static final String USER_PREFIX = "user/";

  /** LMDB keys are at most 511 bytes; names stay well inside that. */
  public static final int MAX_BYTES = 400;

  private MailboxNames() {}

  /**
   * {@code user/joe/inbox} and the account form {@code user/joe} become {@code user/joe/INBOX};
   * other names are returned as given. Every name a verb or a command is given goes through here.
   */
  public static String canonical(String name) {
    Optional<String> account = accountOf(name);
    if (account.isPresent()) {
      return inboxOf(account.get());
    }
    if (name.regionMatches(true, 0, USER_PREFIX, 0, USER_PREFIX.length())) {
      int slash = name.indexOf(SEPARATOR, USER_PREFIX.length());
      if (slash > 0) {
        String folder = name.substring(slash + 1);
        String rest = "";
        int next = folder.indexOf(SEPARATOR);
        if (next >= 0) {
          rest = folder.substring(next);
          folder = folder.substring(0, next);
        }
        if (folder.equalsIgnoreCase("INBOX")) {
          folder = "INBOX";
        }
        return USER_PREFIX
            + name.substring(USER_PREFIX.length(), slash)
            + SEPARATOR
            + folder
            + rest;
      }
    }
    return name;
  }

  /**
   * The user id when {@code name} is the account form {@code user/<userid>}, which names the user's
   * INBOX (as {@code imcheck -m user/jdoe} does in the reference) and, where a verb takes a
   * hierarchy, the whole account. A wildcard in the user id makes it a pattern, not an account.
   */
  public static Optional<String> accountOf(String name) {
    if (!name.regionMatches(true, 0, USER_PREFIX, 0, USER_PREFIX.length())) {
      return Optional.empty();
    }
    String user = name.substring(USER_PREFIX.length());
    boolean account =
        !user.isEmpty()
            && user.indexOf(SEPARATOR) < 0
            && user.indexOf('*') < 0
            && user.indexOf('%') < 0;
    return account ? Optional.of(user) : Optional.empty();
  }

  public static String inboxOf(String userId) {
    return USER_PREFIX + userId + SEPARATOR + "INBOX";
  }

  public static Optional<String> ownerOf(String name) {
    if (!name.startsWith(USER_PREFIX)) {
      return Optional.empty();
    }
    int slash = name.indexOf(SEPARATOR, USER_PREFIX.length());
    String user = slash < 0 ? name.substring(USER_PREFIX.length()) : name.substring(5, slash);
    return user.isEmpty() ? Optional.empty() : Optional.of(user);
  }

  /** Why {@code name} is not a valid mailbox name, or empty when it is. */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("a mailbox name cannot be empty");
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("mailbox name longer than " + MAX_BYTES + " bytes: " + name);
    }
    if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
      return Optional.of("mailbox name has an empty level: " + name);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '*' || c == '%') {
        return Optional.of(
            "mailbox name contains an illegal character ("
                + (c < 0x20 || c == 0x7f ? String.format("0x%02x", (int) c) : "'" + c + "'")
                + "): "
                + name.replaceAll("\\p{Cntrl}", "?"));
      }
    }
    // The stored form is modified UTF-7, whose runs can spell any character: a control character
    // is refused however it is written (&AAA- is NUL, &AAo- LF, &AH8- DEL).
    String decoded = ModifiedUtf7.decodeLenient(name);
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Optional.of(
            String.format(
                "mailbox name contains an illegal character (0x%02x): %s", (int) c, name));
      }
    }
    if (name.startsWith(USER_PREFIX) && ownerOf(name).isEmpty()) {
      return Optional.of("personal mailbox names are user/<userid>/<folder>: " + name);
    }
    return Optional.empty();
  }
}
