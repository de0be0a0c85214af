package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ENABLE (RFC 5161): CONDSTORE and QRESYNC (RFC 7162; QRESYNC implies CONDSTORE) can be enabled;
 * the ENABLED response names those this command newly enabled, and nothing else.
 */
final class EnableHandler {
  private EnableHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Enable c) throws IOException {
    List<String> now = new ArrayList<>();
    for (String cap : c.capabilities()) {
      switch (cap) {
        case "CONDSTORE" -> {
          if (s.enabled().add("CONDSTORE")) {
            now.add(cap);
          }
        }
        case "QRESYNC" -> {
          if (s.enabled().add("QRESYNC")) {
            now.add(cap);
            s.enabled().add("CONDSTORE");
          }
        }
        default -> {}
      }
    }
    if (s.selected() != null && s.enabled().contains("QRESYNC")) {
      s.selected().qresync();
    } else if (s.selected() != null && s.enabled().contains("CONDSTORE")) {
      s.selected().condstore();
    }
    s.out().untagged("ENABLED" + (now.isEmpty() ? "" : " " + String.join(" ", now)));
    return Reply.ok("ENABLE completed");
  }
}
