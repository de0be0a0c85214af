package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;
import dev.msgstore.services.imap.session.SelectedView;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.Expunge;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPUNGE (RFC 3501 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1): removes the messages
 * this session sees as \Deleted (of those UIDs); needs the expunge right ("e"). The EXPUNGE
 * responses come from the view as the commit comes back through the journal tail.
 */
final class ExpungeHandler {
  private ExpungeHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Expunge c) {
    SelectedView v = s.selected();
    if (v.readOnly()) {
      return Reply.no("[READ-ONLY] The mailbox is selected read-only");
    }
    if (!mayExpunge(s, v)) {
      return Reply.noPermission("expunge");
    }
    List<Long> uids = new ArrayList<>();
    List<Long> candidates;
    try {
      candidates = c.uids() == null ? allUids(v) : Messages.uids(v, c.uids(), true);
    } catch (Messages.BadSet e) {
      return Reply.bad(e.getMessage());
    }
    for (long u : candidates) {
      if (v.flags(u).has(SystemFlag.DELETED) && !v.expungedUnannounced(u)) {
        uids.add(u);
      }
    }
    if (!uids.isEmpty()) {
      try {
        // those another session expunged meanwhile are skipped by the store, on its writer thread
        Outcome o =
            s.ctx()
                .store()
                .execute(
                    s.author(c.uids() == null ? "EXPUNGE" : "UID EXPUNGE"),
                    Expunge.present(v.mailbox().name(), uids));
        s.committed(o);
      } catch (Rejected e) {
        return Reply.rejected(e);
      }
    }
    return Reply.ok("EXPUNGE completed");
  }

  private static List<Long> allUids(SelectedView v) {
    List<Long> all = new ArrayList<>(v.size());
    for (int seq = 1; seq <= v.size(); seq++) {
      all.add(v.uid(seq));
    }
    return all;
  }

  static boolean mayExpunge(ImapSession s, SelectedView v) {
    return Rights.has(v.rights(), 'e'); // v's: CLOSE has unselected it already
  }
}
