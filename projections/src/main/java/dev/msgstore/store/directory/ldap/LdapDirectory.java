package dev.msgstore.store.directory.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.directory.Addresses;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryPatterns;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.UserStatus;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The directory in an LDAP server in the reference's schema (see {@link LdapEntries}), read through
 * pooled connections bound as {@code local.ugldapbinddn}. Lookups go through a {@link LookupCache};
 * listings and {@link #authenticate} always ask the server. Every filter is built with the SDK's
 * {@link Filter} API, which escapes what it is given, so a user id like {@code *)(uid=*} is only
 * ever a value.
 *
 * <p>Users belong to the hosted domain of the nearest {@code sunManagedOrganization} entry above
 * them; users with none between them and the base DN are the default domain's. An entry that cannot
 * be read (a quota of {@code abc}, an unknown status) is reported with its DN and skipped, as if it
 * were not there. Two entries answering one lookup (one address, two users) make that lookup fail
 * as {@link DirectoryUnavailable} rather than deliver to either: {@link #addressConflicts()} lists
 * them.
 */
public final class LdapDirectory implements Directory {
  private static final String DOMAINS_KEY = "";

  private final LdapSettings settings;
  private final LdapClient client;
  private final DN base;
  private final Consumer<String> problems;
  private final LookupCache<String, DomainIndex> domainCache;
  private final LookupCache<String, DirectoryUser> userCache;
  private final LookupCache<String, DirectoryUser> addressCache;

  /**
   * The directory {@code config} names ({@code local.ugldap*}), reporting bad entries to the log.
   */
  public static LdapDirectory open(EffectiveConfig config) {
    return open(LdapSettings.from(config));
  }

  public static LdapDirectory open(LdapSettings settings) {
    var log = LoggerFactory.getLogger(LdapDirectory.class);
    return new LdapDirectory(settings, log::warn);
  }

  /** A directory reporting each malformed entry, as one line naming its DN, to {@code problems}. */
  public LdapDirectory(LdapSettings settings, Consumer<String> problems) {
    this.settings = settings;
    this.problems = problems;
    try {
      this.base = new DN(settings.baseDn());
    } catch (LDAPException e) {
      throw LdapSettings.misconfigured(
          LdapSettings.BASE_DN + " '" + settings.baseDn() + "' is not a DN");
    }
    this.client = new LdapClient(settings);
    var clock = (java.util.function.LongSupplier) System::nanoTime;
    int size = settings.cacheSize();
    this.domainCache = new LookupCache<>(1, settings.cacheTtl(), settings.cacheTtl(), clock);
    this.userCache =
        new LookupCache<>(size, settings.cacheTtl(), settings.negativeCacheTtl(), clock);
    this.addressCache =
        new LookupCache<>(size, settings.cacheTtl(), settings.negativeCacheTtl(), clock);
  }

  @Override
  public Optional<DirectoryUser> user(String name) {
    return canonicalName(name).flatMap(n -> userCache.get(n, k -> findUser(k).map(Found::user)));
  }

  @Override
  public Optional<DirectoryUser> userByAddress(String address) {
    String a;
    try {
      a = Addresses.normalize(address);
    } catch (Rejected e) {
      return Optional.empty();
    }
    return addressCache.get(a, this::findByAddress);
  }

  @Override
  public Optional<DirectoryDomain> domain(String name) {
    return domains().domain(name.strip().toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public List<DirectoryUser> users(String pattern) {
    DomainIndex index = domains();
    List<DirectoryUser> out = new ArrayList<>();
    for (SearchResultEntry e : client.searchAll(base, userFilter(uidFilter(pattern)), USER_ATTRS)) {
      read(e, index).ifPresent(f -> out.add(f.user()));
    }
    return out.stream()
        .filter(u -> DirectoryPatterns.matches(pattern, u.name()))
        .sorted(Comparator.comparing(DirectoryUser::name))
        .toList();
  }

  @Override
  public List<DirectoryDomain> domains(String pattern) {
    return domains().all().stream()
        .filter(d -> DirectoryPatterns.matches(pattern, d.name()))
        .toList();
  }

  @Override
  public boolean authenticate(String name, char[] password) {
    if (password.length == 0) {
      return false; // an empty password is an anonymous bind in LDAP: it would always succeed
    }
    byte[] secret = utf8(password);
    try {
      Optional<Found> found = canonicalName(name).flatMap(this::findUser);
      boolean eligible = found.isPresent() && mayLogIn(found.get().user());
      // Someone who may not log in costs one bind too, to a DN that does not exist, so that the
      // answer takes as long as for a wrong password.
      DN target = eligible ? found.get().dn() : nobody();
      return client.bind(target, secret) && eligible;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  @Override
  public boolean writable() {
    return false;
  }

  @Override
  public String describe() {
    return settings.url();
  }

  @Override
  public void close() {
    client.close();
  }

  /** A user entry and what it holds. */
  private record Found(DN dn, DirectoryUser user) {}

  private static final String[] USER_ATTRS = LdapEntries.USER_ATTRIBUTES;

  private Optional<Found> findUser(String name) {
    int at = name.lastIndexOf('@');
    String uid = at < 0 ? name : name.substring(0, at);
    DomainIndex index = domains();
    DN domainDn = null;
    if (at >= 0) {
      Optional<DN> d = index.dnOf(name.substring(at + 1));
      if (d.isEmpty()) {
        return Optional.empty();
      }
      domainDn = d.get();
    }
    Filter f = userFilter(Filter.createEqualityFilter(LdapEntries.UID, uid));
    List<Found> matches = new ArrayList<>();
    for (SearchResultEntry e :
        client.search(base, domainDn == null ? base : domainDn, f, USER_ATTRS)) {
      DN dn = LdapEntries.parsedDn(e);
      DN home = dn == null ? null : index.domainDnAbove(dn);
      boolean sameDomain = domainDn == null ? home == null : domainDn.equals(home);
      if (sameDomain) {
        // LDAP compares uid without case; the store's names keep theirs
        read(e, index).filter(u -> u.user().uid().equals(uid)).ifPresent(matches::add);
      }
    }
    return single(matches, "user " + name);
  }

  private Optional<DirectoryUser> findByAddress(String address) {
    DomainIndex index = domains();
    Filter f =
        userFilter(
            Filter.createORFilter(
                Filter.createEqualityFilter(LdapEntries.MAIL, address),
                Filter.createEqualityFilter(LdapEntries.ALTERNATE, address)));
    List<Found> matches = new ArrayList<>();
    for (SearchResultEntry e : client.search(base, base, f, USER_ATTRS)) {
      // LDAP compares addresses without case; the local part keeps its case here
      read(e, index).filter(u -> u.user().hasAddress(address)).ifPresent(matches::add);
    }
    Optional<Found> byAddress = single(matches, "address " + address);
    if (byAddress.isPresent()) {
      return byAddress.map(Found::user);
    }
    String domain = address.substring(address.lastIndexOf('@') + 1);
    return index.dnOf(domain).isPresent()
        ? findUser(address).map(Found::user)
        : Optional.<DirectoryUser>empty();
  }

  private Optional<Found> single(List<Found> matches, String what) {
    if (matches.size() > 1) {
      throw new DirectoryUnavailable(
          "the LDAP directory "
              + describe()
              + " holds "
              + matches.size()
              + " entries for "
              + what
              + ": "
              + String.join("; ", matches.stream().map(m -> m.dn().toString()).toList())
              + " (user list --conflicts lists them all)",
          null);
    }
    return matches.stream().findFirst();
  }

  private Optional<Found> read(SearchResultEntry e, DomainIndex index) {
    DN dn = LdapEntries.parsedDn(e);
    DN home = dn == null ? null : index.domainDnAbove(dn);
    Optional<String> domain = home == null ? Optional.of("") : index.nameAt(home);
    if (dn == null || domain.isEmpty()) {
      report(e.getDN(), "its hosted domain entry " + home + " is malformed");
      return Optional.empty();
    }
    try {
      return Optional.of(new Found(dn, LdapEntries.user(e, domain.get())));
    } catch (LdapEntries.Malformed m) {
      report(e.getDN(), m.getMessage());
      return Optional.empty();
    }
  }

  private boolean mayLogIn(DirectoryUser u) {
    if (u.status() != UserStatus.ACTIVE) {
      return false;
    }
    if (u.domain().isEmpty()) {
      return true;
    }
    DomainStatus s =
        domains().domain(u.domain()).map(DirectoryDomain::status).orElse(DomainStatus.INACTIVE);
    return s == DomainStatus.ACTIVE || s == DomainStatus.OVERQUOTA;
  }

  private DN nobody() {
    try {
      return new DN("cn=msgstore-no-such-user," + base);
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  private DomainIndex domains() {
    return domainCache
        .get(
            DOMAINS_KEY,
            k -> Optional.of(DomainIndex.load(base, this::searchDomains, this::report)))
        .orElseThrow();
  }

  private List<SearchResultEntry> searchDomains() {
    return client.searchAll(
        base,
        Filter.createEqualityFilter(LdapEntries.OBJECT_CLASS, LdapEntries.DOMAIN_CLASS),
        LdapEntries.DOMAIN_ATTRIBUTES);
  }

  private void report(String dn, String why) {
    problems.accept("LDAP directory " + describe() + ": entry " + dn + " ignored: " + why);
  }

  private static Filter userFilter(Filter f) {
    Filter isUser = Filter.createEqualityFilter(LdapEntries.OBJECT_CLASS, LdapEntries.USER_CLASS);
    return f == null ? isUser : Filter.createANDFilter(isUser, f);
  }

  /**
   * What the uid of every name matching {@code pattern} starts with, as a filter: the pattern's
   * text before its first wildcard or '@' (null when that is empty: every user). The pattern itself
   * is then checked against each name read.
   */
  static Filter uidFilter(String pattern) {
    int end = 0;
    while (end < pattern.length() && "*%@".indexOf(pattern.charAt(end)) < 0) {
      end++;
    }
    String prefix = pattern.substring(0, end);
    if (prefix.isEmpty()) {
      return null;
    }
    return end == pattern.length()
        ? Filter.createEqualityFilter(LdapEntries.UID, prefix)
        : Filter.createSubstringFilter(LdapEntries.UID, prefix, null, null);
  }

  /** {@code name} with its domain lower-cased, or empty if it cannot name any user. */
  private static Optional<String> canonicalName(String name) {
    int at = name.lastIndexOf('@');
    try {
      String uid = at < 0 ? name : name.substring(0, at);
      String domain = at < 0 ? "" : name.substring(at + 1);
      return Optional.of(Addresses.qualified(uid, domain));
    } catch (Rejected e) {
      return Optional.empty();
    }
  }

  private static byte[] utf8(char[] password) {
    ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] out = Arrays.copyOf(b.array(), b.limit());
    Arrays.fill(b.array(), (byte) 0);
    return out;
  }
}
