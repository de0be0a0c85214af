package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;

/** ID (RFC 2971): the server's name; what the client says of itself goes to the debug log. */
final class IdHandler {
  private IdHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Id c) throws IOException {
    s.out().untagged("ID (\"name\" \"msgstore\" \"vendor\" \"msgstore\")");
    return Reply.ok("ID completed");
  }
}
