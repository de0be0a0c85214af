package dev.msgstore.store.directory;

import dev.msgstore.store.Rejected;
import java.util.List;
import java.util.Locale;

/**
 * A user as the directory holds them.
 *
 * @param uid the user id, without domain
 * @param domain the hosted domain, lower-case; empty for the default domain
 * @param mail the primary address ({@code mail}), domain lower-cased
 * @param aliases the other addresses mail reaches them at ({@code mailAlternateAddress})
 * @param status {@code mailUserStatus}
 * @param statusChangedMicros when the status last changed, microseconds since the epoch
 * @param quota {@code mailQuota} / {@code mailMsgQuota}
 * @param mailHost {@code mailHost}, the server their store is on; empty when not set
 * @param partition {@code mailMessageStore}; empty for the domain's or the store's default
 * @param passwordHash an encoded salted hash (see the embedded directory's password hashing); empty
 *     when the user has no password, and always empty from LDAP, which authenticates by bind
 */
public record DirectoryUser(
    String uid,
    String domain,
    String mail,
    List<String> aliases,
    UserStatus status,
    long statusChangedMicros,
    QuotaLimits quota,
    String mailHost,
    String partition,
    String passwordHash) {

  public DirectoryUser {
    Addresses.checkUid(uid);
    domain = domain.isEmpty() ? "" : Addresses.domain(domain);
    mail = mail.isEmpty() ? "" : Addresses.normalize(mail);
    // most users have no alias: no stream for them (an entry is made at each directory look-up)
    aliases =
        aliases.isEmpty()
            ? List.of()
            : aliases.stream().map(Addresses::normalize).distinct().toList();
    if (aliases.contains(mail)) {
      throw Rejected.invalid("an alias of " + uid + " repeats their address " + mail);
    }
  }

  /** The store's name for them: {@code uid@domain} for a hosted domain, else {@code uid}. */
  public String name() {
    return Addresses.qualified(uid, domain);
  }

  /** Every address mail reaches them at: {@link #mail()} first, then the aliases. */
  public List<String> addresses() {
    return mail.isEmpty()
        ? aliases
        : java.util.stream.Stream.concat(java.util.stream.Stream.of(mail), aliases.stream())
            .toList();
  }

  /** Whether {@code address} (any case in its domain) is one of theirs. */
  public boolean hasAddress(String address) {
    String a = Addresses.normalize(address);
    return addresses().contains(a);
  }

  public boolean hasPassword() {
    return !passwordHash.isEmpty();
  }

  public DirectoryUser withStatus(UserStatus s, long atMicros) {
    return new DirectoryUser(
        uid, domain, mail, aliases, s, atMicros, quota, mailHost, partition, passwordHash);
  }

  public DirectoryUser withQuota(QuotaLimits q) {
    return new DirectoryUser(
        uid,
        domain,
        mail,
        aliases,
        status,
        statusChangedMicros,
        q,
        mailHost,
        partition,
        passwordHash);
  }

  public DirectoryUser withPasswordHash(String hash) {
    return new DirectoryUser(
        uid, domain, mail, aliases, status, statusChangedMicros, quota, mailHost, partition, hash);
  }

  /** Never shows the password hash: records end up in logs and error messages. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "DirectoryUser[%s, mail=%s, aliases=%s, status=%s, quota=%s, mailHost=%s, partition=%s,"
            + " password=%s]",
        name(),
        mail,
        aliases,
        status.word(),
        quota,
        mailHost,
        partition,
        hasPassword() ? "set" : "none");
  }
}
