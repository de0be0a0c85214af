package dev.msgstore.store.purge;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.PurgeAccount;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.UserStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code msuserpurge} (Table 71-30): the accounts whose user status, or whose domain's status, has
 * been {@code deleted} longer than the grace period lose their mailboxes, one commit per user
 * ({@link PurgeAccount}); their bodies are left to the next purge ({@link Purger}). The directory
 * is the port (embedded or LDAP); only the embedded one is marked {@code removed} afterwards, LDAP
 * entries are the directory administrator's to change.
 */
public final class AccountPurge {
  private final Store store;
  private final Directory directory;
  private final Author author;

  public AccountPurge(Store store, Directory directory, Author author) {
    this.store = store;
    this.directory = directory;
    this.author = author;
  }

  /** One user and what was, or would be, done. */
  public record Account(
      String user,
      UserStatus status,
      long deletedSinceMicros,
      String why,
      boolean due,
      int mailboxes,
      boolean purged) {}

  /**
   * Every user (of {@code domain}, when not null) with the decision for them; when {@code purge},
   * due accounts are purged.
   *
   * @param nowMicros the time the grace period is counted back from
   */
  public List<Account> run(String domain, long graceDays, long nowMicros, boolean purge) {
    long cutoff = nowMicros - TimeUnit.DAYS.toMicros(graceDays);
    Map<String, DirectoryDomain> deletedDomains = new HashMap<>();
    for (DirectoryDomain d : directory.domains("*")) {
      if (d.status() == DomainStatus.DELETED) {
        deletedDomains.put(d.name(), d);
      }
    }
    List<DirectoryUser> users = directory.users(domain == null ? "*" : "*@" + domain.strip());
    List<Account> out = new ArrayList<>();
    for (DirectoryUser u : users) {
      DirectoryDomain dom = deletedDomains.get(u.domain());
      long since = -1;
      String why = "";
      if (u.status() == UserStatus.DELETED) {
        since = u.statusChangedMicros();
        why = "user deleted";
      }
      if (dom != null && (since < 0 || dom.statusChangedMicros() < since)) {
        since = dom.statusChangedMicros();
        why = "domain " + dom.name() + " deleted";
      }
      boolean due = since >= 0 && since <= cutoff;
      int boxes = mailboxes(u.name());
      boolean purged = false;
      if (due && purge && (boxes > 0 || directory.writable())) {
        purged =
            !store
                .execute(author, new PurgeAccount(u.name(), directory.writable()))
                .events()
                .isEmpty(); // a dry run's outcome: what would be written
      }
      out.add(new Account(u.name(), u.status(), since, why, due, boxes, purged));
    }
    return out;
  }

  private int mailboxes(String user) {
    try (ProjectionReader r = store.read()) {
      int[] n = {r.mailbox(MailboxNames.inboxOf(user)).isPresent() ? 1 : 0};
      r.forEachMailbox(
          MailboxNames.USER_PREFIX + user + "/",
          m -> {
            if (!m.name().equals(MailboxNames.inboxOf(user))) {
              n[0]++;
            }
            return true;
          });
      return n[0];
    }
  }
}
