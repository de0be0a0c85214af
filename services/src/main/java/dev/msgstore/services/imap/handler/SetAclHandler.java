package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.Command;
import dev.msgstore.store.command.ModifyAcl;
import dev.msgstore.store.command.SetAcl;
import java.util.Optional;

/**
 * SETACL and DELETEACL (RFC 4314 sections 3.1 and 3.2): need the administer right ("a"). The change
 * is the store's {@code SetAcl} (or {@code ModifyAcl} for "+" and "-"), the command {@code
 * readership -s} also gives; the AclIndex projection takes it from the journal and every session
 * with the mailbox selected sees it before its next command.
 */
final class SetAclHandler {
  private SetAclHandler() {}

  static Reply set(ImapSession s, ImapCommand.SetAcl c) {
    String named = c.rights();
    Boolean add = null;
    if (named.startsWith("+") || named.startsWith("-")) {
      add = named.startsWith("+");
      named = named.substring(1);
    }
    String rights = Rights.parse(named);
    if (rights == null) {
      return Reply.bad("Unknown right in " + c.rights() + " (rights are lrswipkxtean, c, d)");
    }
    return change(s, c.mailbox(), c.identifier(), add, rights, "SETACL");
  }

  static Reply delete(ImapSession s, ImapCommand.DeleteAcl c) {
    return change(s, c.mailbox(), c.identifier(), null, "", "DELETEACL");
  }

  private static Reply change(
      ImapSession s, String imap, String identifier, Boolean add, String rights, String verb) {
    String mailbox;
    try (ProjectionReader r = s.read()) {
      Optional<Access.Found> found = Access.findAny(r, s, imap);
      Reply refused = Access.refusal(found, 'a', "administer");
      if (refused != null) {
        return refused;
      }
      mailbox = found.get().mailbox().name();
    }
    if (identifier.startsWith("-")) {
      return Reply.no("[CANNOT] Negative rights are not supported");
    }
    if (MailboxNames.ownerOf(mailbox).map(identifier::equals).orElse(false)) {
      return Reply.no("[CANNOT] The owner of a mailbox always holds every right");
    }
    if (!identifier.equals("anyone") && s.ctx().directory().user(identifier).isEmpty()) {
      return Reply.no("[CANNOT] No such user: " + identifier);
    }
    Command command =
        add == null
            ? new SetAcl(mailbox, identifier, rights)
            : new ModifyAcl(mailbox, identifier, add, rights);
    Outcome o;
    try {
      o = s.ctx().store().execute(s.author(verb), command);
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    s.committed(o);
    return Reply.ok(verb + " completed");
  }
}
