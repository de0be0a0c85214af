package dev.msgstore.store.backup;

import java.util.List;
import java.util.Set;

/**
 * What a backup holds: whole accounts ({@code users}: every mailbox, subscriptions, quota and
 * status) and single mailboxes of accounts not taken whole ({@code mailboxes}, internal names).
 * {@code sinceMicros} 0 makes a full backup, otherwise an incremental of what changed since then;
 * {@code expunged}: messages expunged and not yet purged go too ({@code imsbackup -x}).
 */
public record BackupScope(
    Set<String> users,
    Set<String> mailboxes,
    long sinceMicros,
    boolean expunged,
    List<String> names) {
  public BackupScope {
    users = Set.copyOf(users);
    mailboxes = Set.copyOf(mailboxes);
    names = List.copyOf(names);
  }
}
