package dev.msgstore.store.backup;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the journal says changed from a time up to an index, for an incremental backup: the
 * mailboxes touched, those that came to be under their name since (created, or renamed or moved
 * there: an incremental carries them whole), the messages appended since (with their bodies) and
 * the mailbox names that went away. The journal is the record of every change, so this is exact.
 */
final class JournalChanges {
  final Set<Long> touched = new HashSet<>();
  final Set<Long> whole = new HashSet<>();
  final Map<Long, Set<Long>> appended = new HashMap<>();
  final List<String> gone = new ArrayList<>();

  static JournalChanges since(Journal journal, long sinceMicros, long upToIndex) {
    JournalChanges c = new JournalChanges();
    journal.replay(
        Journal.NO_INDEX,
        commit -> {
          if (commit.index() <= upToIndex && commit.meta().timeMicros() >= sinceMicros) {
            c.add(commit);
          }
        });
    return c;
  }

  private void add(Commit commit) {
    for (Event e : commit.events()) {
      switch (e) {
        case MailboxEvent.Created c -> {
          touched.add(c.mailboxId());
          whole.add(c.mailboxId());
        }
        case MailboxEvent.Renamed r -> {
          touched.add(r.mailboxId());
          whole.add(r.mailboxId());
          if (!r.oldName().equals(r.newName())) {
            gone.add(r.oldName());
          }
        }
        case MailboxEvent.Deleted d -> gone.add(d.name());
        case MessageEvent.Appended a -> {
          touched.add(a.mailboxId());
          appended.computeIfAbsent(a.mailboxId(), k -> new HashSet<>()).add(a.uid());
        }
        case MessageEvent.Restored r -> {
          touched.add(r.mailboxId());
          appended.computeIfAbsent(r.mailboxId(), k -> new HashSet<>()).add(r.newUid());
        }
        case MessageEvent m -> touched.add(m.mailboxId());
        case AclEvent a -> touched.add(a.mailboxId());
        default -> {}
      }
    }
  }

  boolean appendedSince(long mailboxId, long uid) {
    Set<Long> uids = appended.get(mailboxId);
    return uids != null && uids.contains(uid);
  }
}
