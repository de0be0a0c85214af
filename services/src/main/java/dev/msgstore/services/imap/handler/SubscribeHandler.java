package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.Subscribe;
import java.util.Optional;

/**
 * SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.6 and 6.3.7): the name need not exist; the
 * subscription is the user's.
 */
final class SubscribeHandler {
  private SubscribeHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Subscribe c) {
    Optional<String> name = Access.storeName(s, c.mailbox());
    String verb = c.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE";
    if (name.isEmpty()) {
      return Reply.no("[CANNOT] Not a name a mailbox can have here");
    }
    try {
      s.ctx().store().execute(s.author(verb), new Subscribe(s.user(), name.get(), c.subscribe()));
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    return Reply.ok(verb + " completed");
  }
}
