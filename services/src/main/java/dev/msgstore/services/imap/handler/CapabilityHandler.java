package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;

/** CAPABILITY (RFC 3501 section 6.1.1). */
final class CapabilityHandler {
  private CapabilityHandler() {}

  static Reply handle(ImapSession s) throws IOException {
    s.out().untagged("CAPABILITY " + s.capabilities());
    return Reply.ok("CAPABILITY completed");
  }
}
