package dev.msgstore.store.directory.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
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
  private static final int PAGE = 500;
  private static final String DOMAINS_KEY = "";

  private final LdapSettings settings;
  private final LdapConnector connector;
  private final DN base;
  private final byte[] bindPassword;
  private final Consumer<String> problems;
  private final LookupCache<String, DomainIndex> domainCache;
  private final LookupCache<String, DirectoryUser> userCache;
  private final LookupCache<String, DirectoryUser> addressCache;
  private LDAPConnectionPool searchPool;
  private LDAPConnectionPool bindPool;

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
    this.connector = new LdapConnector(settings);
    this.problems = problems;
    try {
      this.base = new DN(settings.baseDn());
    } catch (LDAPException e) {
      throw LdapSettings.misconfigured(
          LdapSettings.BASE_DN + " '" + settings.baseDn() + "' is not a DN");
    }
    this.bindPassword = readBindPassword(settings);
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
    for (SearchResultEntry e : searchAll(base, userFilter(uidFilter(pattern)), USER_ATTRS)) {
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
      return bind(target, secret) && eligible;
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
  public synchronized void close() {
    if (searchPool != null) {
      searchPool.close();
      searchPool = null;
    }
    if (bindPool != null) {
      bindPool.close();
      bindPool = null;
    }
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
    for (SearchResultEntry e : search(domainDn == null ? base : domainDn, f)) {
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
    for (SearchResultEntry e : search(base, f)) {
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
    return searchAll(
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

  private List<SearchResultEntry> search(DN from, Filter filter) {
    SearchRequest r = new SearchRequest(from.toString(), SearchScope.SUB, filter, USER_ATTRS);
    LDAPConnectionPool pool = searchPool();
    try {
      SearchResult result = pool.search(r);
      return result.getSearchEntries();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT && !from.equals(base)) {
        return List.of(); // the domain entry went away since the index was read
      }
      throw unavailable(e);
    }
  }

  /** Every entry under {@code from} matching {@code filter}, a page at a time (no size limit). */
  private List<SearchResultEntry> searchAll(DN from, Filter filter, String[] attributes) {
    // The paging cookie belongs to one connection: hold it for the whole listing.
    return withConnection(
        searchPool(),
        c -> {
          List<SearchResultEntry> out = new ArrayList<>();
          ASN1OctetString cookie = null;
          do {
            SearchRequest r =
                new SearchRequest(from.toString(), SearchScope.SUB, filter, attributes);
            r.addControl(new SimplePagedResultsControl(PAGE, cookie, false));
            SearchResult result = c.search(r);
            out.addAll(result.getSearchEntries());
            SimplePagedResultsControl page = SimplePagedResultsControl.get(result);
            cookie = page == null || !page.moreResultsToReturn() ? null : page.getCookie();
          } while (cookie != null);
          return out;
        });
  }

  private boolean bind(DN dn, byte[] secret) {
    return withConnection(
        bindPool(),
        c -> {
          try {
            c.bind(new SimpleBindRequest(dn, secret));
            return true;
          } catch (LDAPException e) {
            if (ResultCode.isConnectionUsable(e.getResultCode())) {
              return false; // invalid credentials, no such entry, no password, locked...
            }
            throw e;
          }
        });
  }

  private interface OnConnection<T> {
    T apply(LDAPConnection c) throws LDAPException;
  }

  /**
   * {@code work} on a connection of {@code pool}, once more on a new one if the first was dead (the
   * server restarted since it was opened): what the pool does itself for single operations.
   */
  private <T> T withConnection(LDAPConnectionPool pool, OnConnection<T> work) {
    LDAPException last = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      LDAPConnection c = null;
      try {
        c = pool.getConnection();
        T result = work.apply(c);
        pool.releaseConnection(c);
        return result;
      } catch (LDAPException e) {
        last = e;
        if (c != null) {
          pool.releaseConnectionAfterException(c, e);
        }
        if (c == null || ResultCode.isConnectionUsable(e.getResultCode())) {
          break;
        }
      }
    }
    throw unavailable(last);
  }

  private synchronized LDAPConnectionPool searchPool() {
    if (searchPool == null) {
      searchPool =
          connect(
              settings.bindDn().isBlank()
                  ? null
                  : new SimpleBindRequest(settings.bindDn(), bindPassword));
    }
    return searchPool;
  }

  /** Binds as users happen here, apart from the searches' connections and their identity. */
  private synchronized LDAPConnectionPool bindPool() {
    if (bindPool == null) {
      bindPool = connect(null);
    }
    return bindPool;
  }

  private LDAPConnectionPool connect(SimpleBindRequest bind) {
    try {
      return connector.pool(bind);
    } catch (LDAPException e) {
      throw unavailable(e);
    } catch (GeneralSecurityException e) {
      throw new DirectoryUnavailable(
          "LDAP directory " + describe() + ": TLS cannot be set up: " + e.getMessage(), e);
    }
  }

  private DirectoryUnavailable unavailable(LDAPException e) {
    String detail = e.getDiagnosticMessage();
    if (detail == null || detail.isBlank()) {
      detail = e.getMessage() == null ? "" : e.getMessage();
    }
    detail = detail.lines().findFirst().orElse("").strip();
    return new DirectoryUnavailable(
        "LDAP directory "
            + describe()
            + " is unavailable: "
            + e.getResultCode().getName()
            + (detail.isEmpty() ? "" : " (" + detail + ")"),
        e);
  }

  private static byte[] readBindPassword(LdapSettings s) {
    if (s.bindPasswordFile().isEmpty()) {
      return new byte[0];
    }
    java.nio.file.Path file = s.bindPasswordFile().get();
    try {
      if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
              != null
          && Files.getPosixFilePermissions(file)
              .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
        throw LdapSettings.misconfigured(
            LdapSettings.BIND_PASSWORD_FILE
                + " "
                + file
                + " can be read by every user: chmod o-r it (or 600)");
      }
      byte[] raw = Files.readAllBytes(file);
      int end = raw.length;
      while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
        end--;
      }
      byte[] out = Arrays.copyOf(raw, end);
      Arrays.fill(raw, (byte) 0);
      return out;
    } catch (IOException e) {
      throw LdapSettings.misconfigured(
          LdapSettings.BIND_PASSWORD_FILE + " " + s.bindPasswordFile().get() + " cannot be read");
    }
  }

  private static byte[] utf8(char[] password) {
    ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] out = Arrays.copyOf(b.array(), b.limit());
    Arrays.fill(b.array(), (byte) 0);
    return out;
  }
}
