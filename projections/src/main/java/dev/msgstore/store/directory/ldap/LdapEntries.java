package dev.msgstore.store.directory.ldap;

import com.unboundid.ldap.sdk.Entry;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.Addresses;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reference's schema (Communications Suite LDAP Schema 2, as its Schema Reference describes it)
 * and how its entries become records. A user is an {@code inetOrgPerson} with the auxiliary classes
 * {@code inetUser}, {@code ipUser}, {@code inetMailUser} and {@code inetLocalMailRecipient}; a
 * hosted domain is an organization with {@code sunManagedOrganization} (its name in {@code
 * sunPreferredDomain}, aliases in {@code associatedDomain}) and {@code mailDomain}.
 *
 * <p>Statuses: "the first of inetDomainStatus, mailDomainStatus, inetUserStatus and mailUserStatus
 * set to something other than active takes precedence"; a missing value means active. A user's
 * record gets the first of its own two, a domain's the first of its two. The reference also lists
 * {@code disabled} (refuse permanently), kept here as inactive, and a user's {@code overquota},
 * kept as active: the store enforces quota from the limits, and an over-quota user must still log
 * in to make room. Any other word makes the entry malformed.
 *
 * <p>Quotas ({@code mailQuota}, {@code mailDomainDiskQuota}) are a number of bytes with an optional
 * K, M or G (binary multiples), or -1 for no limit; -2 ("the system default") and a missing value
 * both mean no limit from the directory. The status-change time is not in the schema: 0.
 */
final class LdapEntries {
  private LdapEntries() {}

  static final String OBJECT_CLASS = "objectClass";
  static final String USER_CLASS = "inetMailUser";
  static final String DOMAIN_CLASS = "sunManagedOrganization";

  static final String UID = "uid";
  static final String MAIL = "mail";
  static final String ALTERNATE = "mailAlternateAddress";
  static final String USER_STATUS = "inetUserStatus";
  static final String MAIL_USER_STATUS = "mailUserStatus";
  static final String QUOTA = "mailQuota";
  static final String MSG_QUOTA = "mailMsgQuota";
  static final String MAIL_HOST = "mailHost";
  static final String MESSAGE_STORE = "mailMessageStore";

  static final String DOMAIN_NAME = "sunPreferredDomain";
  static final String DOMAIN_ALIAS = "associatedDomain";
  static final String DOMAIN_STATUS = "inetDomainStatus";
  static final String MAIL_DOMAIN_STATUS = "mailDomainStatus";
  static final String DOMAIN_QUOTA = "mailDomainDiskQuota";
  static final String DOMAIN_MSG_QUOTA = "mailDomainMsgQuota";
  static final String DOMAIN_PARTITION = "preferredMailMessageStore";

  /** What a user search asks for: never {@code userPassword}. */
  static final String[] USER_ATTRIBUTES = {
    UID, MAIL, ALTERNATE, USER_STATUS, MAIL_USER_STATUS, QUOTA, MSG_QUOTA, MAIL_HOST, MESSAGE_STORE
  };

  static final String[] DOMAIN_ATTRIBUTES = {
    DOMAIN_NAME,
    DOMAIN_ALIAS,
    DOMAIN_STATUS,
    MAIL_DOMAIN_STATUS,
    DOMAIN_QUOTA,
    DOMAIN_MSG_QUOTA,
    DOMAIN_PARTITION
  };

  /** An entry that cannot be read as a record: why, to report with its DN. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String why) {
      super(why, null, false, false);
    }
  }

  /** The user {@code entry} holds, in hosted domain {@code domain} ("" for the default one). */
  static DirectoryUser user(Entry entry, String domain) throws Malformed {
    String uid = entry.getAttributeValue(UID);
    if (uid == null) {
      throw new Malformed("it has no " + UID);
    }
    String mail = text(entry, MAIL);
    try {
      String primary = mail.isEmpty() ? "" : Addresses.normalize(mail);
      List<String> aliases = new ArrayList<>();
      String[] alternates = entry.getAttributeValues(ALTERNATE);
      if (alternates != null) {
        for (String a : alternates) {
          String n = Addresses.normalize(a);
          // directories often list the primary address among the alternates too
          if (!n.equals(primary)) {
            aliases.add(n);
          }
        }
      }
      return new DirectoryUser(
          uid,
          domain,
          primary,
          aliases,
          userStatus(entry),
          0,
          new QuotaLimits(bytes(entry, QUOTA), count(entry, MSG_QUOTA)),
          text(entry, MAIL_HOST),
          text(entry, MESSAGE_STORE),
          "");
    } catch (Rejected e) {
      throw new Malformed(e.getMessage());
    }
  }

  /** The hosted domain {@code entry} holds, named {@code name} (its sunPreferredDomain). */
  static DirectoryDomain domain(Entry entry, String name) throws Malformed {
    try {
      return new DirectoryDomain(
          name,
          domainStatus(entry),
          0,
          new QuotaLimits(bytes(entry, DOMAIN_QUOTA), count(entry, DOMAIN_MSG_QUOTA)),
          text(entry, DOMAIN_PARTITION));
    } catch (Rejected e) {
      throw new Malformed(e.getMessage());
    }
  }

  /** The domain's name, lower-case, or {@link Malformed} if it has none or not a domain name. */
  static String domainName(Entry entry) throws Malformed {
    String name = entry.getAttributeValue(DOMAIN_NAME);
    if (name == null) {
      throw new Malformed("it has no " + DOMAIN_NAME);
    }
    try {
      return Addresses.domain(name);
    } catch (Rejected e) {
      throw new Malformed(DOMAIN_NAME + ": " + e.getMessage());
    }
  }

  /** The domain's other names ({@code associatedDomain}), lower-case; bad ones are skipped. */
  static List<String> domainAliases(Entry entry) {
    List<String> out = new ArrayList<>();
    String[] values = entry.getAttributeValues(DOMAIN_ALIAS);
    if (values != null) {
      for (String v : values) {
        try {
          out.add(Addresses.domain(v));
        } catch (Rejected e) {
          // an alias that is no domain name reaches nothing; the domain itself stays usable
        }
      }
    }
    return out;
  }

  private static UserStatus userStatus(Entry entry) throws Malformed {
    UserStatus first = null;
    for (String attribute : new String[] {USER_STATUS, MAIL_USER_STATUS}) {
      String word = text(entry, attribute).toLowerCase(Locale.ROOT);
      UserStatus s =
          switch (word) {
            case "", "active", "overquota" -> UserStatus.ACTIVE;
            case "disabled" -> UserStatus.INACTIVE;
            default -> {
              try {
                yield UserStatus.parse(word);
              } catch (Rejected e) {
                throw new Malformed(attribute + ": " + e.getMessage());
              }
            }
          };
      if (first == null && s != UserStatus.ACTIVE) {
        first = s; // the other is still read: a bad word there makes the entry malformed too
      }
    }
    return first == null ? UserStatus.ACTIVE : first;
  }

  private static DomainStatus domainStatus(Entry entry) throws Malformed {
    DomainStatus first = null;
    for (String attribute : new String[] {DOMAIN_STATUS, MAIL_DOMAIN_STATUS}) {
      String word = text(entry, attribute).toLowerCase(Locale.ROOT);
      DomainStatus s =
          switch (word) {
            case "", "active" -> DomainStatus.ACTIVE;
            case "disabled" -> DomainStatus.INACTIVE;
            default -> {
              try {
                yield DomainStatus.parse(word);
              } catch (Rejected e) {
                throw new Malformed(attribute + ": " + e.getMessage());
              }
            }
          };
      if (first == null && s != DomainStatus.ACTIVE) {
        first = s;
      }
    }
    return first == null ? DomainStatus.ACTIVE : first;
  }

  /** A quota in bytes: digits with an optional K, M or G, or -1 / -2 / missing (no limit). */
  static long bytes(Entry entry, String attribute) throws Malformed {
    String v = text(entry, attribute);
    if (v.isEmpty() || v.equals("-1") || v.equals("-2")) {
      return QuotaLimits.UNLIMITED;
    }
    long unit =
        switch (Character.toUpperCase(v.charAt(v.length() - 1))) {
          case 'K' -> 1L << 10;
          case 'M' -> 1L << 20;
          case 'G' -> 1L << 30;
          default -> 1;
        };
    String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
    try {
      if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
        return Math.multiplyExact(Long.parseLong(digits), unit);
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // too large: the same message as any other bad value
    }
    throw new Malformed(
        attribute + " '" + v + "' is not a quota (bytes, with an optional K, M or G, or -1)");
  }

  /** A quota in messages: digits, or -1 / -2 / missing (no limit). */
  static long count(Entry entry, String attribute) throws Malformed {
    String v = text(entry, attribute);
    if (v.isEmpty() || v.equals("-1") || v.equals("-2")) {
      return QuotaLimits.UNLIMITED;
    }
    try {
      if (v.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(v);
      }
    } catch (NumberFormatException e) {
      // too large: the same message as any other bad value
    }
    throw new Malformed(
        attribute + " '" + v + "' is not a message quota (a number of messages, or -1)");
  }

  /** The entry's DN, or null if the server sent one that does not parse. */
  static com.unboundid.ldap.sdk.DN parsedDn(Entry entry) {
    try {
      return entry.getParsedDN();
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      return null;
    }
  }

  private static String text(Entry entry, String attribute) {
    String v = entry.getAttributeValue(attribute);
    return v == null ? "" : v.strip();
  }
}
