package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;
import java.io.IOException;
import java.util.Optional;

/**
 * MYRIGHTS (RFC 4314 section 3.5): any of l, r, i, k, x or a lets a user ask (section 4); the
 * answer is the rights of the user's identifier and {@code anyone} together.
 */
final class MyRightsHandler {
  private MyRightsHandler() {}

  static Reply handle(ImapSession s, ImapCommand.MyRights c) throws IOException {
    String rights;
    try (ProjectionReader r = s.read()) {
      Optional<Access.Found> found = Access.findAny(r, s, c.mailbox());
      if (found.isEmpty() || "lrikxa".chars().noneMatch(x -> found.get().may((char) x))) {
        return Reply.noMailbox();
      }
      rights = found.get().rights();
    }
    s.out()
        .untagged(
            "MYRIGHTS "
                + ResponseEncoder.astring(c.mailbox())
                + " "
                + ResponseEncoder.astring(Rights.shown(rights)));
    return Reply.ok("MYRIGHTS completed");
  }
}
