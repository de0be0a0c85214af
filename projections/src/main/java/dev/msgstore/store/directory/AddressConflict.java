package dev.msgstore.store.directory;

import java.util.List;

/**
 * A mail address that more than one user claims ({@code mail}, {@code mailAlternateAddress}, or a
 * hosted user's {@code uid@domain}): mail to it has no single owner. The embedded directory refuses
 * to create one; an LDAP directory can hold them, and {@code user list --conflicts} shows them.
 *
 * @param address the address, domain lower-cased
 * @param users the names of the users that claim it, sorted (a name twice: two entries share it)
 */
public record AddressConflict(String address, List<String> users) {
  public AddressConflict {
    users = List.copyOf(users);
  }
}
