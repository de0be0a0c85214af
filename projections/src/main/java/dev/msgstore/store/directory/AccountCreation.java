package dev.msgstore.store.directory;

import java.util.Optional;

/**
 * Whether a tool that brings mail in from elsewhere ({@code imsimport}) may create an account the
 * store does not have yet: only for a user the directory has, whose entry and hosted domain are not
 * deleted or removed (those are accounts on their way out, or gone). An inactive or held user may
 * still be given their mail: the status keeps them from receiving and logging in, not from having a
 * mailbox. Delivery is more lenient (DeliveryRules): it takes mail for a user the directory does
 * not know; an import is an administrator's act on a named user, so it asks first.
 */
public final class AccountCreation {
  /** The answer: allowed (with the partition the directory gives, or empty), or why not. */
  public sealed interface Verdict {}

  public record Allowed(Optional<String> partition) implements Verdict {}

  public record Refused(String why) implements Verdict {}

  private AccountCreation() {}

  /**
   * The verdict for {@code user} ({@code uid} or {@code uid@domain}).
   *
   * @throws DirectoryUnavailable when the directory cannot be asked
   */
  public static Verdict forUser(Directory directory, String user) {
    Optional<DirectoryUser> entry = directory.user(user);
    if (entry.isEmpty()) {
      return new Refused(user + " is not in the directory (" + directory.describe() + ")");
    }
    UserStatus status = entry.get().status();
    if (status == UserStatus.DELETED || status == UserStatus.REMOVED) {
      return new Refused(user + "'s status in the directory is " + status.word());
    }
    Optional<DirectoryDomain> domain =
        entry.get().domain().isEmpty() ? Optional.empty() : directory.domain(entry.get().domain());
    if (domain.isPresent()
        && (domain.get().status() == DomainStatus.DELETED
            || domain.get().status() == DomainStatus.REMOVED)) {
      return new Refused(
          "the domain " + domain.get().name() + "'s status is " + domain.get().status().word());
    }
    return new Allowed(
        Optional.of(entry.get().partition())
            .filter(p -> !p.isEmpty())
            .or(() -> domain.map(DirectoryDomain::defaultPartition).filter(p -> !p.isEmpty())));
  }
}
