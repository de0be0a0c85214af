package dev.msgstore.store.directory.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.msgstore.store.directory.DirectoryDomain;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Every hosted domain of the directory, read in one search: which entry holds which domain (to tell
 * which domain a user entry is in from its DN), and the domains by name and alias. Cached as one
 * value: a site has few domains next to its users, and every user lookup needs the index.
 *
 * <p>A domain entry whose name is missing or bad still marks its subtree, so its users are not
 * mistaken for the default domain's: they are skipped with it. One whose other values are bad (an
 * unknown status) is skipped as a domain, its users kept.
 */
record DomainIndex(
    Map<DN, Optional<String>> namesByDn,
    Map<String, DN> dnsByName,
    Map<String, DirectoryDomain> byName,
    List<DirectoryDomain> all) {

  static DomainIndex load(
      DN base, Supplier<List<SearchResultEntry>> search, BiConsumer<String, String> report) {
    Map<DN, Optional<String>> names = new HashMap<>();
    Map<String, DN> dns = new HashMap<>();
    Map<String, DirectoryDomain> byName = new HashMap<>();
    List<DirectoryDomain> all = new ArrayList<>();
    for (SearchResultEntry e : search.get()) {
      DN dn = LdapEntries.parsedDn(e);
      if (dn == null || dn.equals(base)) {
        continue; // the base entry is the default domain's organization, not a hosted domain
      }
      String name;
      try {
        name = LdapEntries.domainName(e);
      } catch (LdapEntries.Malformed m) {
        names.put(dn, Optional.empty());
        report.accept(e.getDN(), m.getMessage() + " (its users are ignored too)");
        continue;
      }
      if (dns.containsKey(name)) {
        names.put(dn, Optional.empty());
        report.accept(e.getDN(), "domain " + name + " is also " + dns.get(name));
        continue;
      }
      names.put(dn, Optional.of(name));
      dns.put(name, dn);
      try {
        DirectoryDomain d = LdapEntries.domain(e, name);
        byName.put(name, d);
        all.add(d);
        for (String alias : LdapEntries.domainAliases(e)) {
          dns.putIfAbsent(alias, dn);
          byName.putIfAbsent(alias, d);
        }
      } catch (LdapEntries.Malformed m) {
        report.accept(e.getDN(), m.getMessage());
      }
    }
    all.sort(Comparator.comparing(DirectoryDomain::name));
    return new DomainIndex(
        Map.copyOf(names), Map.copyOf(dns), Map.copyOf(byName), List.copyOf(all));
  }

  /** The domain called {@code name} (or with {@code name} as an alias), lower-case. */
  Optional<DirectoryDomain> domain(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The DN of the entry of domain {@code name}, if the directory hosts it (even malformed). */
  Optional<DN> dnOf(String name) {
    return Optional.ofNullable(dnsByName.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** The nearest domain entry above {@code entry}, or null: the default domain. */
  DN domainDnAbove(DN entry) {
    for (DN p = entry.getParent(); p != null; p = p.getParent()) {
      if (namesByDn.containsKey(p)) {
        return p;
      }
    }
    return null;
  }

  /** The name of the domain whose entry is {@code dn}; empty if that entry is malformed. */
  Optional<String> nameAt(DN dn) {
    return namesByDn.getOrDefault(dn, Optional.empty());
  }
}
