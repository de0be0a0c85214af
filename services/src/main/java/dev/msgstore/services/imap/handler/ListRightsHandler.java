package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;
import java.io.IOException;
import java.util.Optional;

/**
 * LISTRIGHTS (RFC 4314 section 3.4): needs the administer right. The owner always holds every right
 * (all required, none optional); anyone else may be given each right alone, and "c" and "d" (RFC
 * 4314 section 2.1.1) as groups.
 */
final class ListRightsHandler {
  private ListRightsHandler() {}

  static Reply handle(ImapSession s, ImapCommand.ListRights c) throws IOException {
    boolean owner;
    try (ProjectionReader r = s.read()) {
      Optional<Access.Found> found = Access.findAny(r, s, c.mailbox());
      Reply refused = Access.refusal(found, 'a', "administer");
      if (refused != null) {
        return refused;
      }
      owner =
          MailboxNames.ownerOf(found.get().mailbox().name())
              .map(c.identifier()::equals)
              .orElse(false);
    }
    String rights =
        owner
            ? ResponseEncoder.astring(Rights.shown(Rights.ALL))
            : "\"\" " + String.join(" ", Rights.ALL.split("")) + " c d";
    s.out()
        .untagged(
            "LISTRIGHTS "
                + ResponseEncoder.astring(c.mailbox())
                + " "
                + ResponseEncoder.astring(c.identifier())
                + " "
                + rights);
    return Reply.ok("LISTRIGHTS completed");
  }
}
