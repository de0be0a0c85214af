package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.DeleteMailbox;
import java.util.Optional;

/**
 * DELETE (RFC 3501 section 6.3.4): never INBOX; needs the delete-mailbox right ("x"). Children are
 * separate mailboxes and stay; the deleted name then lists as \Noselect while they exist.
 */
final class DeleteHandler {
  private DeleteHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Delete c) {
    if (c.mailbox().equalsIgnoreCase("INBOX")) {
      return Reply.no("[CANNOT] INBOX cannot be deleted");
    }
    Optional<Access.Found> found;
    try (ProjectionReader r = s.read()) {
      found = Access.find(r, s, c.mailbox());
    }
    if (found.isEmpty()) {
      return Reply.noMailbox();
    }
    if (!found.get().may('x')) {
      return Reply.noPermission("delete");
    }
    if (s.selected() != null && s.selected().mailbox().id() == found.get().mailbox().id()) {
      s.unselect(); // this session deletes it: nothing left to announce
    }
    try {
      s.ctx().store().execute(s.author("DELETE"), new DeleteMailbox(found.get().mailbox().name()));
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    return Reply.ok("DELETE completed");
  }
}
