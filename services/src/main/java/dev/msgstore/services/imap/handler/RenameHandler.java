package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.CopyMessages;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.RenameMailbox;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * RENAME (RFC 3501 section 6.3.5): the mailbox and its children take the new name; needs "x" on it
 * and "k" where it goes. Renaming INBOX moves its messages to the new mailbox and leaves INBOX
 * empty.
 */
final class RenameHandler {
  private RenameHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Rename c) throws IOException {
    Optional<Access.Found> from;
    Optional<String> to = Access.storeName(s, stripped(c.to()));
    try (ProjectionReader r = s.read()) {
      from = Access.find(r, s, c.from());
      if (from.isEmpty()) {
        return Reply.noMailbox();
      }
      if (!from.get().may('x')) {
        return Reply.noPermission("delete");
      }
      if (to.isEmpty() || stripped(c.to()).isEmpty()) {
        return Reply.no("[CANNOT] Not a name a mailbox can have here");
      }
      if (r.mailbox(to.get()).isPresent()) {
        return Reply.no("[ALREADYEXISTS] Mailbox exists");
      }
      if (!Access.parentRights(r, s, to.get()).contains("k")) {
        return Reply.noPermission("create");
      }
    }
    try {
      if (c.from().equalsIgnoreCase("INBOX")) {
        String inbox = from.get().mailbox().name();
        s.ctx().store().execute(s.author("RENAME"), new CreateMailbox(to.get(), null));
        List<Long> uids;
        try (ProjectionReader r = s.read()) {
          uids = r.messages(from.get().mailbox().id()).stream().map(MessageRecord::uid).toList();
        }
        if (!uids.isEmpty()) {
          s.ctx()
              .store()
              .copyMessages(s.author("RENAME"), new CopyMessages(inbox, uids, to.get(), true));
        }
      } else {
        s.ctx()
            .store()
            .execute(
                s.author("RENAME"), new RenameMailbox(from.get().mailbox().name(), to.get(), null));
      }
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    return Reply.ok("RENAME completed");
  }

  private static String stripped(String name) {
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    return name;
  }
}
