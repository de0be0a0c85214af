package dev.msgstore.store.directory;

import dev.msgstore.store.Rejected;
import java.util.Locale;

/**
 * Mail addresses and user names as the directory compares them: the domain part is case-insensitive
 * (kept lower-case), the local part is kept as written, as RFC 5321 asks. A hosted-domain user is
 * {@code uid@domain}, the name the reference uses for them everywhere.
 */
public final class Addresses {
  private Addresses() {}

  /** {@code address} with its domain lower-cased, or {@link Rejected} if it is not local@domain. */
  public static String normalize(String address) {
    String a = address.strip();
    int at = a.lastIndexOf('@');
    if (at <= 0 || at == a.length() - 1 || a.indexOf('@') != at) {
      throw Rejected.invalid("not a mail address (local@domain): '" + address + "'");
    }
    checkText(a, "mail address");
    return a.substring(0, at) + "@" + domain(a.substring(at + 1));
  }

  /** A domain name, lower-cased, or {@link Rejected}. */
  public static String domain(String name) {
    String d = name.strip().toLowerCase(Locale.ROOT);
    if (d.isEmpty()
        || d.startsWith(".")
        || d.endsWith(".")
        || d.contains("..")
        || !domainChars(d)) {
      throw Rejected.invalid("not a domain name: '" + name + "'");
    }
    return d;
  }

  /** Whether {@code d} is only {@code [a-z0-9.-]} (a loop: a regex here compiled per lookup). */
  private static boolean domainChars(String d) {
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The store's name for {@code uid} in {@code domain}: {@code uid@domain}, or {@code uid} alone in
   * the default domain ({@code domain} empty).
   */
  public static String qualified(String uid, String domain) {
    checkUid(uid);
    return domain.isEmpty() ? uid : uid + "@" + domain(domain);
  }

  /** A uid: not empty, no '@' (the domain is separate), no spaces or control characters. */
  public static void checkUid(String uid) {
    if (uid.isEmpty() || uid.indexOf('@') >= 0) {
      throw Rejected.invalid("not a user id: '" + uid + "'");
    }
    checkText(uid, "user id");
  }

  private static void checkText(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw Rejected.invalid("a " + what + " has no spaces or control characters");
      }
    }
  }
}
