package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;

/** LOGOUT (RFC 3501 section 6.1.3): BYE, then the tagged OK, then the connection closes. */
final class LogoutHandler {
  private LogoutHandler() {}

  static Reply handle(ImapSession s) throws IOException {
    s.out().untagged("BYE msgstore logging out");
    s.unselect();
    s.logout();
    return Reply.ok("LOGOUT completed");
  }
}
