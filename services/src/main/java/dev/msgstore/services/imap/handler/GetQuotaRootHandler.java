package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;
import java.util.Optional;

/**
 * GETQUOTAROOT (RFC 9208 section 4.3): a personal mailbox's root is its owner, and its QUOTA
 * follows; a mailbox outside {@code user/} has none. Needs the read right on the mailbox.
 */
final class GetQuotaRootHandler {
  private GetQuotaRootHandler() {}

  static Reply handle(ImapSession s, ImapCommand.GetQuotaRoot c) throws IOException {
    try (ProjectionReader r = s.read()) {
      Optional<Access.Found> found = Access.find(r, s, c.mailbox());
      Reply refused = Access.refusal(found, 'r', "read");
      if (refused != null) {
        return refused;
      }
      Optional<String> owner = MailboxNames.ownerOf(found.get().mailbox().name());
      s.out()
          .untagged(
              "QUOTAROOT "
                  + ResponseEncoder.astring(c.mailbox())
                  + owner.map(o -> " " + ResponseEncoder.astring(o)).orElse(""));
      if (owner.isPresent()) {
        s.out().untagged(GetQuotaHandler.response(r.quota(owner.get())));
      }
    }
    return Reply.ok("GETQUOTAROOT completed");
  }
}
