package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.SequenceSet;
import dev.msgstore.services.imap.session.SelectedView;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of the selected view a sequence set names (RFC 3501 section 9, sequence-set): by
 * sequence number, where a number beyond the last is an error, or by UID, where UIDs not in the
 * view are passed over. Ascending UIDs either way.
 */
final class Messages {
  private Messages() {}

  /** A sequence set names a message number the client has not been told of. */
  static final class BadSet extends Exception {
    private static final long serialVersionUID = 1L;

    BadSet(String message) {
      super(message);
    }
  }

  static List<Long> uids(SelectedView v, SequenceSet set, boolean uid) throws BadSet {
    List<Long> out = new ArrayList<>();
    int size = v.size();
    if (uid) {
      long star = v.lastUid();
      if (size == 0) {
        return out;
      }
      for (int seq = 1; seq <= size; seq++) {
        long u = v.uid(seq);
        if (set.contains(u, star)) {
          out.add(u);
        }
      }
      return out;
    }
    for (SequenceSet.Range r : set.ranges()) {
      if (r.high(size) > size || size == 0) {
        throw new BadSet("Invalid message sequence number (the mailbox has " + size + ")");
      }
    }
    for (int seq = 1; seq <= size; seq++) {
      if (set.contains(seq, size)) {
        out.add(v.uid(seq));
      }
    }
    return out;
  }
}
