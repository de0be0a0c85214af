package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Names;
import java.io.IOException;

/**
 * NAMESPACE (RFC 2342): the user's own mailboxes, other users' (as their ACLs show them), and the
 * shared ones outside {@code user/}, all with the separator "/" ({@link Names}).
 */
final class NamespaceHandler {
  private NamespaceHandler() {}

  static Reply handle(ImapSession s) throws IOException {
    s.out()
        .untagged(
            "NAMESPACE ((\"\" \"/\")) (("
                + ResponseEncoder.string(Names.OTHER_USERS + "/")
                + " \"/\")) (("
                + ResponseEncoder.string(Names.SHARED + "/")
                + " \"/\"))");
    return Reply.ok("NAMESPACE completed");
  }
}
