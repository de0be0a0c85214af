package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.SequenceSet;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.SelectedView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Quick resynchronisation (RFC 7162 section 3.2): which messages a client that knew the mailbox up
 * to a modification sequence has to hear of. Expunges come from the projections' modification
 * sequences, which keep every expunged UID of a mailbox with the index of the commit that expunged
 * it (a purge does not drop them), so VANISHED (EARLIER) never misses one.
 */
final class Resync {
  private Resync() {}

  /**
   * {@code * VANISHED (EARLIER) uids}: the UIDs in {@code known} (null: all) expunged after {@code
   * modSeq} that this view no longer holds. One this view still holds (expunged after the view was
   * filled) is left to the ordinary VANISHED at the command's end.
   */
  static void vanishedEarlier(ImapSession s, SelectedView v, SequenceSet known, long modSeq)
      throws IOException {
    List<Long> gone = new ArrayList<>();
    long star = Math.max(v.uidNext() - 1, 1);
    try (ProjectionReader r = s.read()) {
      r.forEachModSeq(
          v.mailbox().id(),
          q -> {
            if (q.expunged()
                && q.modSeq() > modSeq
                && !v.holds(q.uid())
                && (known == null || known.contains(q.uid(), star))) {
              gone.add(q.uid());
            }
            return true;
          });
    }
    if (!gone.isEmpty()) {
      s.out().untagged("VANISHED (EARLIER) " + UidSets.format(gone));
    }
  }

  /** A FETCH (UID FLAGS MODSEQ) for each message of the view changed after {@code modSeq}. */
  static void changedSince(ImapSession s, SelectedView v, long modSeq) throws IOException {
    for (int seq = 1; seq <= v.size(); seq++) {
      long uid = v.uid(seq);
      if (v.modSeq(uid) > modSeq) {
        s.out()
            .untagged(
                seq
                    + " FETCH (UID "
                    + uid
                    + " FLAGS "
                    + v.flags(uid).imap(v.recent(uid))
                    + " MODSEQ ("
                    + v.modSeq(uid)
                    + "))");
        v.answered(uid);
      }
    }
  }
}
