package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetSpecialUse;
import java.util.Optional;

/**
 * CREATE (RFC 3501 section 6.3.3): a trailing separator is dropped (it only declares the name a
 * parent); INBOX always exists; the create right ("k") on the parent is needed. With RFC 6154's USE
 * the mailbox is created with its special uses in one commit ({@code SetSpecialUse}).
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
    for (String use : c.uses()) {
      if (SetSpecialUse.canonical(use).isEmpty()) {
        return Reply.no("[USEATTR] Not a special use (RFC 6154): " + use);
      }
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
      if (c.uses().isEmpty()) {
        s.ctx().store().execute(s.author("CREATE"), new CreateMailbox(name.get(), null));
      } else {
        s.ctx().store().execute(s.author("CREATE"), new SetSpecialUse(name.get(), c.uses(), true));
      }
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    return Reply.ok("CREATE completed");
  }
}
