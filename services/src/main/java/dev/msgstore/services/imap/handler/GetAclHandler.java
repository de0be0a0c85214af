package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;
import java.io.IOException;
import java.util.Optional;

/**
 * GETACL (RFC 4314 section 3.3): needs the administer right. The owner of a personal mailbox comes
 * first with every right (they always hold them), then the mailbox's entries from the AclIndex.
 */
final class GetAclHandler {
  private GetAclHandler() {}

  static Reply handle(ImapSession s, ImapCommand.GetAcl c) throws IOException {
    StringBuilder line = new StringBuilder("ACL ").append(ResponseEncoder.astring(c.mailbox()));
    try (ProjectionReader r = s.read()) {
      Optional<Access.Found> found = Access.findAny(r, s, c.mailbox());
      Reply refused = Access.refusal(found, 'a', "administer");
      if (refused != null) {
        return refused;
      }
      Optional<String> owner = MailboxNames.ownerOf(found.get().mailbox().name());
      owner.ifPresent(o -> entry(line, o, Rights.ALL));
      for (AclEntry e : r.acl(found.get().mailbox().id())) {
        if (!owner.map(e.identifier()::equals).orElse(false)) {
          entry(line, e.identifier(), e.rights());
        }
      }
    }
    s.out().untagged(line.toString());
    return Reply.ok("GETACL completed");
  }

  private static void entry(StringBuilder line, String identifier, String rights) {
    line.append(' ')
        .append(ResponseEncoder.astring(identifier))
        .append(' ')
        .append(ResponseEncoder.astring(Rights.shown(rights)));
  }
}
