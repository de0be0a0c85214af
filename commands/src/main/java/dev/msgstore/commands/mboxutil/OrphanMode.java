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
  /** {@code -t} and {@code -X}, null when not given, and {@code --format json}. */
  record Options(Integer inactiveDays, Integer excludeHours, boolean json) {}

  private final Store store;
  private final NameCodec codec;

  OrphanMode(Store store, NameCodec codec) {
    this.store = store;
    this.codec = codec;
  }

  /** The lines to print (or write to {@code -w}), in name order. */
  List<String> find(Options options) {
    long now = System.currentTimeMillis();
    long inactiveBefore =
        options.inactiveDays() == null
            ? Long.MIN_VALUE
            : now - TimeUnit.DAYS.toMillis(options.inactiveDays());
    long recentAfter =
        now - TimeUnit.HOURS.toMillis(options.excludeHours() == null ? 24 : options.excludeHours());
    List<String> found = new ArrayList<>();
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
    found.sort(Comparator.naturalOrder());
    return found.stream()
        .map(codec::toDisplay)
        .map(n -> options.json() ? Json.line(Json.object("mailbox", n)) : n)
        .toList();
  }

  /** Adds to {@code found} the names standing for one owner's mailboxes if they are to go. */
  private static void judge(
      ProjectionReader r,
      List<MailboxRecord> ownersMailboxes,
      long inactiveBefore,
      long recentAfter,
      List<String> found) {
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
      if (inbox.isPresent()) {
        found.add(inbox.get().name());
      } else {
        ownersMailboxes.forEach(m -> found.add(m.name()));
      }
    }
  }
}
