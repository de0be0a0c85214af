package dev.msgstore.store.delivery;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.UserMove;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.store.MoveLock;
import dev.msgstore.store.Store;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.EmbeddedDirectory;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether mail for a user is accepted, and where their INBOX goes if it is their first: the rules
 * beneath {@code deliver} and LMTP alike (DESIGN: delivery rules live once, in the store layer).
 *
 * <ul>
 *   <li>An account being moved to another host, or moved there, gets no mail here for now ({@link
 *       MoveLock}).
 *   <li>The store's account, if the user has one, must be active (its status as the store holds
 *       it).
 *   <li>The directory's entry, if it has one, must be active ({@code mailUserStatus}).
 *   <li>Their hosted domain, if the directory has it, must be active ({@code mailDomainStatus}):
 *       inactive, hold and overquota refuse mail for now, deleted and removed for good.
 *   <li>A user the directory knows and the store does not yet gets their INBOX now, on their
 *       partition ({@code mailMessageStore}), else their domain's, else the store's default.
 * </ul>
 *
 * A refusal is temporary (try again later: inactive, hold, overquota, a directory that cannot be
 * asked) or permanent (deleted, removed), which is what an MTA needs to know.
 */
public final class DeliveryRules implements AutoCloseable {
  /** What the rules say about one recipient. */
  public sealed interface Verdict {
    String user();
  }

  /**
   * Mail is accepted. {@code partition}: where a mailbox this delivery creates goes, or null for
   * the store's own choice (the account's partition, or the default).
   */
  public record Accepted(String user, String partition) implements Verdict {}

  /** Mail is refused, for now ({@code temporary}) or for good, for {@code reason}. */
  public record Refused(String user, boolean temporary, String reason) implements Verdict {}

  private final Supplier<Directory> opener;

  /** Whether an embedded directory is read in the caller's reader: see {@link #readingCallers}. */
  private final boolean readsCallers;

  private Directory directory;

  /** Rules asking the directory {@code opener} opens, on first need (an LDAP bind costs). */
  public DeliveryRules(Supplier<Directory> opener) {
    this(opener, false);
  }

  private DeliveryRules(Supplier<Directory> opener, boolean readsCallers) {
    this.opener = opener;
    this.readsCallers = readsCallers;
  }

  /** The rules of {@code store}, with the directory {@code store.directory} names. */
  public static DeliveryRules of(Store store) {
    return new DeliveryRules(() -> Directories.open(store));
  }

  /**
   * The rules of {@code store}, whose embedded directory is read in the transaction of the reader
   * each question comes with, instead of a read of its own that catches up: for a caller that
   * catches up once per recipient itself (LMTP's RCPT) rather than once per directory lookup (two
   * to four a recipient). An LDAP directory is asked as {@link #of(Store)}'s is.
   */
  public static DeliveryRules readingCallers(Store store) {
    return new DeliveryRules(() -> Directories.open(store), true);
  }

  private synchronized Directory directory() {
    if (directory == null) {
      directory = opener.get();
    }
    return directory;
  }

  /** The directory to ask while {@code r} is open. */
  private Directory directory(ProjectionReader r) {
    Directory d = directory();
    return readsCallers && d instanceof EmbeddedDirectory e ? e.reading(r) : d;
  }

  @Override
  public synchronized void close() {
    if (directory != null) {
      directory.close();
    }
  }

  /**
   * The user id of the user {@code address} belongs to in the directory (primary address, alias, or
   * a hosted domain's {@code uid@domain}), or empty. {@code r}: the caller's open reader, in which
   * the rules of {@link #readingCallers} read an embedded directory.
   *
   * @throws DirectoryUnavailable when the directory cannot be asked
   */
  public Optional<String> userOfAddress(ProjectionReader r, String address) {
    return userByAddress(r, address).map(DirectoryUser::name);
  }

  /**
   * The directory's entry of the user {@code address} belongs to, as {@link #userOfAddress} finds
   * it, or empty.
   *
   * @throws DirectoryUnavailable when the directory cannot be asked
   */
  public Optional<DirectoryUser> userByAddress(ProjectionReader r, String address) {
    return directory(r).userByAddress(address);
  }

  /**
   * Whether {@code domain} is a hosted domain of the directory.
   *
   * @throws DirectoryUnavailable when the directory cannot be asked
   */
  public boolean hosts(ProjectionReader r, String domain) {
    return directory(r).domain(domain).isPresent();
  }

  /** The verdict on mail for {@code user} (a user id: {@code uid} or {@code uid@domain}). */
  public Verdict forUser(ProjectionReader state, String user) {
    return forUser(state, user, null);
  }

  /**
   * As {@link #forUser(ProjectionReader, String)}, with the directory's entry for {@code user} when
   * the caller has just looked it up ({@link #userByAddress}: its {@link DirectoryUser#name()} is
   * {@code user}), so that it is not looked up again; null to look it up here.
   */
  public Verdict forUser(ProjectionReader state, String user, DirectoryUser known) {
    Optional<UserMove> move = MoveLock.refusesMail(state, user);
    if (move.isPresent()) {
      // temporary: the MTA queues it, and its next try follows mailHost to the new host
      return new Refused(user, true, move.get().reason() + ": mail is not delivered here for now");
    }
    Optional<UserRecord> account = state.user(user);
    if (account.isPresent() && !account.get().status().equals("active")) {
      return refused(user, "the user's", account.get().status());
    }
    Optional<DirectoryUser> entry;
    Optional<DirectoryDomain> domain;
    try {
      Directory directory = directory(state);
      entry = known != null ? Optional.of(known) : directory.user(user);
      if (entry.isPresent() && !entry.get().status().acceptsMail()) {
        return refused(user, "the user's", entry.get().status().word());
      }
      String domainName = entry.map(DirectoryUser::domain).orElse(domainOf(user));
      domain = domainName.isEmpty() ? Optional.empty() : directory.domain(domainName);
    } catch (DirectoryUnavailable e) {
      return new Refused(user, true, "the directory cannot be asked: " + e.getMessage());
    }
    if (domain.isPresent() && !domain.get().status().acceptsMail()) {
      return refused(
          user, "the domain " + domain.get().name() + "'s", domain.get().status().word());
    }
    String partition = null;
    if (account.isEmpty()) {
      partition =
          entry
              .map(DirectoryUser::partition)
              .filter(p -> !p.isEmpty())
              .or(() -> domain.map(DirectoryDomain::defaultPartition).filter(p -> !p.isEmpty()))
              .orElse(null);
    }
    return new Accepted(user, partition);
  }

  private static Refused refused(String user, String whose, String status) {
    boolean gone = status.equals("removed") || status.equals("deleted");
    return new Refused(
        user,
        !gone,
        whose + " status is " + status + (gone ? "" : ": mail is not delivered for now"));
  }

  /** The hosted domain a user id names ({@code uid@domain}), or empty. */
  private static String domainOf(String user) {
    int at = user.lastIndexOf('@');
    return at < 0 ? "" : user.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
