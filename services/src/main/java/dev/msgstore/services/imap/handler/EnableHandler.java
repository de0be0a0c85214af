package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;

/**
 * ENABLE (RFC 5161): msgstore has no extension that needs enabling yet (CONDSTORE, QRESYNC and
 * UTF8=ACCEPT are to come), so the ENABLED response names none.
 */
final class EnableHandler {
  private EnableHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Enable c) throws IOException {
    s.out().untagged("ENABLED");
    return Reply.ok("ENABLE completed");
  }
}
