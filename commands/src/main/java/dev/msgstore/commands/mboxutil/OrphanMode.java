package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.Json;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code -o}: accounts to clean up, one mailbox name a line (the format {@code -d -f} reads):
 * orphans (whose user the directory does not know, or has marked deleted or removed) and, with
 * {@code -t days}, inactive accounts (no message appended, no mailbox created, in that many days:
 * this store records no last access, so appends stand for activity). An account appears as its
 * INBOX; mailboxes of an owner without INBOX appear one by one. Accounts appended to within the
 * {@code -X} hours (default 24) are left out.
 */
final class OrphanMode {
  /** {@code -t} and {@code -X}, null when not given. */
  record Options(Integer inactiveDays, Integer excludeHours) {}

  private final Store store;
  private final NameCodec codec;

  OrphanMode(Store store, NameCodec codec) {
    this.store = store;
    this.codec = codec;
  }

  /** The accounts to clean up, in name order. */
  List<CleanupCandidate> find(Options options) {
    long now = System.currentTimeMillis();
    long inactiveBefore =
        options.inactiveDays() == null
            ? Long.MIN_VALUE
            : now - TimeUnit.DAYS.toMillis(options.inactiveDays());
    long recentAfter =
        now - TimeUnit.HOURS.toMillis(options.excludeHours() == null ? 24 : options.excludeHours());
    List<CleanupCandidate> found = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      String[] current = {null};
      List<MailboxRecord> block = new ArrayList<>();
      r.forEachMailbox(
          MailboxNames.USER_PREFIX,
          m -> {
            if (!m.name().startsWith(MailboxNames.USER_PREFIX)) {
              return false;
            }
            String owner = m.owner().orElse(null);
            if (owner == null) {
              return true;
            }
            if (!owner.equals(current[0])) {
              judge(r, block, inactiveBefore, recentAfter, found);
              block.clear();
              current[0] = owner;
            }
            block.add(m);
            return true;
          });
      judge(r, block, inactiveBefore, recentAfter, found);
    }
    // In the store's name order, whatever the -E encoding shows.
    found.sort(Comparator.comparing(CleanupCandidate::mailbox));
    return found.stream()
        .map(
            c ->
                new CleanupCandidate(
                    codec.toDisplay(c.mailbox()),
                    c.owner(),
                    c.orphan(),
                    c.inactive(),
                    c.lastActivityMillis()))
        .toList();
  }

  /** The line printed (or written to {@code -w}): the name, or with JSON the candidate. */
  static String line(CleanupCandidate c, boolean json) {
    return json ? Json.line(c) : c.mailbox();
  }

  /**
   * Adds to {@code found} the mailboxes standing for one owner's account if it is to go (internal
   * names: {@link #find} sorts, then converts).
   */
  private static void judge(
      ProjectionReader r,
      List<MailboxRecord> ownersMailboxes,
      long inactiveBefore,
      long recentAfter,
      List<CleanupCandidate> found) {
    if (ownersMailboxes.isEmpty()) {
      return;
    }
    String owner = ownersMailboxes.get(0).owner().orElseThrow();
    Optional<UserRecord> u = r.user(owner);
    boolean orphan =
        u.isEmpty() || u.get().status().equals("deleted") || u.get().status().equals("removed");
    long last = 0;
    for (MailboxRecord m : ownersMailboxes) {
      last = Math.max(last, Math.max(m.lastAppend(), m.createdMicros() / 1000));
    }
    boolean inactive = last < inactiveBefore;
    if ((orphan || inactive) && last <= recentAfter) {
      Optional<MailboxRecord> inbox =
          ownersMailboxes.stream().filter(m -> Mailboxes.isInbox(m.name())).findFirst();
      long lastActivity = last;
      List<MailboxRecord> standing = inbox.map(List::of).orElse(ownersMailboxes);
      standing.forEach(
          m -> found.add(new CleanupCandidate(m.name(), owner, orphan, inactive, lastActivity)));
    }
  }
}
