package dev.msgstore.projections;

import dev.msgstore.journal.event.DirectoryEntryEvent.DomainEntry;
import dev.msgstore.journal.event.DirectoryEntryEvent.UserEntry;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.model.DirectoryDomainEntry;
import dev.msgstore.projections.model.DirectoryUserEntry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/**
 * The embedded directory: users by name ({@code uid} or {@code uid@domain}), the address index
 * (every primary address and alias, domain lower-cased, to the user's name) and hosted domains by
 * name. The address index is what makes an address lookup one LMDB get.
 */
final class DirectoryEntries {
  private final Table users;
  private final Table addresses;
  private final Table domains;

  DirectoryEntries(Table users, Table addresses, Table domains) {
    this.users = users;
    this.addresses = addresses;
    this.domains = domains;
  }

  /** The address as the index keys it: the domain part lower-case, the local part as written. */
  static String addressKey(String address) {
    int at = address.lastIndexOf('@');
    return at < 0
        ? address
        : address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
  }

  Optional<DirectoryUserEntry> user(Txn<ByteBuffer> tx, String name) {
    ByteBuffer v = users.get(tx, Keys.text(Keys.local().key, name));
    return v == null ? Optional.empty() : Optional.of(decodeUser(v.duplicate()));
  }

  Optional<String> nameOfAddress(Txn<ByteBuffer> tx, String address) {
    ByteBuffer v = addresses.get(tx, Keys.text(Keys.local().key, addressKey(address)));
    return v == null ? Optional.empty() : Optional.of(Buf.getKeyString(v.duplicate()));
  }

  void forEachUser(Txn<ByteBuffer> tx, String prefix, Predicate<DirectoryUserEntry> visitor) {
    users.scanPrefix(
        tx,
        Keys.text(Keys.local().key2, prefix),
        (k, v) -> visitor.test(decodeUser(v.duplicate())));
  }

  /** Every indexed address and whose it is, in address order. */
  void forEachAddress(Txn<ByteBuffer> tx, java.util.function.BiPredicate<String, String> visitor) {
    addresses.scanFrom(
        tx,
        null,
        (k, v) -> visitor.test(Buf.getKeyString(k.duplicate()), Buf.getKeyString(v.duplicate())));
  }

  Optional<DirectoryDomainEntry> domain(Txn<ByteBuffer> tx, String name) {
    ByteBuffer v = domains.get(tx, Keys.text(Keys.local().key, name));
    return v == null ? Optional.empty() : Optional.of(decodeDomain(v.duplicate()));
  }

  void forEachDomain(Txn<ByteBuffer> tx, String prefix, Predicate<DirectoryDomainEntry> visitor) {
    domains.scanPrefix(
        tx,
        Keys.text(Keys.local().key2, prefix),
        (k, v) -> visitor.test(decodeDomain(v.duplicate())));
  }

  /** Stores {@code u} and points each of its addresses at it, dropping the addresses it lost. */
  void putUser(Txn<ByteBuffer> tx, DirectoryUserEntry u, Buf key, Buf value) {
    user(tx, u.name()).ifPresent(old -> unindex(tx, old.entry(), key));
    UserEntry e = u.entry();
    value
        .clear()
        .putString(e.uid())
        .putString(e.domain())
        .putString(e.mail())
        .putStrings(e.aliases())
        .putString(e.status())
        .putLong(e.quotaBytes())
        .putLong(e.quotaMessages())
        .putString(e.mailHost())
        .putString(e.partition())
        .putLong(u.statusChangedMicros())
        .putString(u.password().encoded());
    users.put(tx, Keys.text(key, u.name()), value.flip());
    for (String a : addresses(e)) {
      addresses.put(tx, Keys.text(key, addressKey(a)), Keys.text(value, u.name()));
    }
  }

  void removeUser(Txn<ByteBuffer> tx, String name, Buf key) {
    Optional<DirectoryUserEntry> old = user(tx, name);
    if (old.isPresent()) {
      unindex(tx, old.get().entry(), key);
      users.delete(tx, Keys.text(key, name));
    }
  }

  private void unindex(Txn<ByteBuffer> tx, UserEntry e, Buf key) {
    for (String a : addresses(e)) {
      addresses.delete(tx, Keys.text(key, addressKey(a)));
    }
  }

  private static List<String> addresses(UserEntry e) {
    return e.mail().isEmpty()
        ? e.aliases()
        : java.util.stream.Stream.concat(java.util.stream.Stream.of(e.mail()), e.aliases().stream())
            .toList();
  }

  void putDomain(Txn<ByteBuffer> tx, DirectoryDomainEntry d, Buf key, Buf value) {
    DomainEntry e = d.entry();
    value
        .clear()
        .putString(e.name())
        .putString(e.status())
        .putLong(e.quotaBytes())
        .putLong(e.quotaMessages())
        .putString(e.defaultPartition())
        .putLong(d.statusChangedMicros());
    domains.put(tx, Keys.text(key, e.name()), value.flip());
  }

  void removeDomain(Txn<ByteBuffer> tx, String name, Buf key) {
    domains.delete(tx, Keys.text(key, name));
  }

  private static DirectoryUserEntry decodeUser(ByteBuffer in) {
    UserEntry e =
        new UserEntry(
            Buf.getString(in),
            Buf.getString(in),
            Buf.getString(in),
            Buf.getStrings(in),
            Buf.getString(in),
            in.getLong(),
            in.getLong(),
            Buf.getString(in),
            Buf.getString(in));
    return new DirectoryUserEntry(e, in.getLong(), new PasswordHash(Buf.getString(in)));
  }

  private static DirectoryDomainEntry decodeDomain(ByteBuffer in) {
    DomainEntry e =
        new DomainEntry(
            Buf.getString(in), Buf.getString(in), in.getLong(), in.getLong(), Buf.getString(in));
    return new DirectoryDomainEntry(e, in.getLong());
  }
}
