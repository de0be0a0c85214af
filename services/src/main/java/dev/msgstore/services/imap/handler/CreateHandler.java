package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.CreateMailbox;
import java.util.Optional;

/**
 * CREATE (RFC 3501 section 6.3.3): a trailing separator is dropped (it only declares the name a
 * parent); INBOX always exists; the create right ("k") on the parent is needed.
 */
final class CreateHandler {
  private CreateHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Create c) {
    String imap = c.mailbox();
    while (imap.endsWith("/")) {
      imap = imap.substring(0, imap.length() - 1);
    }
    if (imap.equalsIgnoreCase("INBOX")) {
      return Reply.no("[ALREADYEXISTS] INBOX always exists");
    }
    Optional<String> name = Access.storeName(s, imap);
    if (name.isEmpty() || imap.isEmpty()) {
      return Reply.no("[CANNOT] Not a name a mailbox can have here");
    }
    try (ProjectionReader r = s.read()) {
      if (r.mailbox(name.get()).isPresent()) {
        return Reply.no("[ALREADYEXISTS] Mailbox exists");
      }
      if (!Access.parentRights(r, s, name.get()).contains("k")) {
        return Reply.noPermission("create");
      }
    }
    try {
      s.ctx().store().execute(s.author("CREATE"), new CreateMailbox(name.get(), null));
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    return Reply.ok("CREATE completed");
  }
}
