package dev.msgstore.store.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Users and hosted domains: who mail is for, whether they may receive it or log in, their quota
 * limits and partition. Two implementations, chosen by configutil: the embedded directory (journal
 * events and a projection, the default) and an LDAP server in the reference's schema.
 *
 * <p>Every method may throw {@link DirectoryUnavailable} when the directory cannot be reached; an
 * absent answer means the directory said there is no such entry. Patterns are the store's
 * wildcards: {@code *} any run of characters, {@code %} any run without a '@'.
 */
public interface Directory extends AutoCloseable {

  /** The user named {@code name}: {@code uid} in the default domain, or {@code uid@domain}. */
  Optional<DirectoryUser> user(String name);

  /**
   * The user whose primary address or alias is {@code address} (domain compared without case). Also
   * finds a hosted-domain user by {@code uid@domain} when that is not an address of theirs.
   */
  Optional<DirectoryUser> userByAddress(String address);

  Optional<DirectoryDomain> domain(String name);

  /** Users whose {@link DirectoryUser#name()} matches {@code pattern}, sorted by name. */
  List<DirectoryUser> users(String pattern);

  /** Domains whose name matches {@code pattern}, sorted by name. */
  List<DirectoryDomain> domains(String pattern);

  /**
   * Whether {@code password} is {@code name}'s. False for an unknown user, one without a password
   * or one whose status forbids logging in; the caller clears {@code password} afterwards. Takes
   * the same time for an unknown user as for a wrong password, so that it does not reveal which
   * users exist.
   */
  boolean authenticate(String name, char[] password);

  /**
   * Addresses claimed by more than one user, sorted by address: each user's {@link
   * DirectoryUser#addresses()} and, for a hosted-domain user, their {@code uid@domain} (which
   * {@link #userByAddress} also answers to). Reads every user.
   */
  default List<AddressConflict> addressConflicts() {
    Map<String, List<String>> claims = new TreeMap<>();
    for (DirectoryUser u : users("*")) {
      List<String> mine = new ArrayList<>(u.addresses());
      if (!u.domain().isEmpty() && !mine.contains(u.name())) {
        mine.add(u.name());
      }
      for (String a : mine) {
        claims.computeIfAbsent(a, k -> new ArrayList<>()).add(u.name());
      }
    }
    List<AddressConflict> out = new ArrayList<>();
    claims.forEach(
        (address, users) -> {
          if (users.size() > 1) {
            out.add(new AddressConflict(address, users.stream().sorted().toList()));
          }
        });
    return out;
  }

  /** Whether the store's administration verbs may change this directory (false for LDAP). */
  boolean writable();

  /** A short description for messages: "embedded" or "ldap://host:port". */
  String describe();

  @Override
  default void close() {}
}
