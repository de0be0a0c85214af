package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.SelectedView;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.Expunge;

/**
 * CLOSE (RFC 3501 section 6.4.2): expunges the \Deleted messages, silently, when the mailbox is
 * selected read-write and the user may expunge; UNSELECT (RFC 3691) only leaves.
 */
final class CloseHandler {
  private CloseHandler() {}

  static Reply close(ImapSession s) {
    SelectedView v = s.selected();
    s.unselect();
    if (!v.readOnly() && ExpungeHandler.mayExpunge(s, v)) {
      try {
        s.ctx().store().execute(s.author("CLOSE"), Expunge.deleted(v.mailbox().name()));
      } catch (Rejected e) {
        // the mailbox went away meanwhile: nothing to expunge
      }
    }
    return Reply.ok("CLOSE completed");
  }

  static Reply unselect(ImapSession s) {
    s.unselect();
    return Reply.ok("UNSELECT completed");
  }
}
