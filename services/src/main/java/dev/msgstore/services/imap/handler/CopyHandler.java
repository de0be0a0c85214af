package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;
import dev.msgstore.services.imap.session.SelectedView;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.CopyMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * COPY, MOVE and their UID forms (RFC 3501 section 6.4.7, RFC 6851, COPYUID of RFC 4315): one
 * commit ({@link CopyMessages}). Needs "i" on the target, and for MOVE "t" and "e" on the source; a
 * missing target is answered [TRYCREATE].
 */
final class CopyHandler {
  private CopyHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Copy c) throws IOException {
    SelectedView v = s.selected();
    String verb = (c.uid() ? "UID " : "") + (c.move() ? "MOVE" : "COPY");
    List<Long> uids;
    try {
      uids = Messages.uids(v, c.set(), c.uid());
    } catch (Messages.BadSet e) {
      return Reply.bad(e.getMessage());
    }
    Optional<Access.Found> target;
    try (ProjectionReader r = s.read()) {
      target = Access.find(r, s, c.mailbox());
      if (target.isEmpty()) {
        return Reply.no("[TRYCREATE] Mailbox doesn't exist");
      }
      if (!target.get().may('i')) {
        return Reply.noPermission("insert");
      }
      if (c.move()) {
        String source = s.selectedRights();
        if (v.readOnly() || !Rights.has(source, 't') || !Rights.has(source, 'e')) {
          return Reply.noPermission("delete and expunge");
        }
      }
    }
    if (uids.isEmpty()) {
      return Reply.ok(verb + " completed");
    }
    for (int attempt = 0; ; attempt++) {
      List<Long> present = new ArrayList<>(uids.size());
      try (ProjectionReader r = s.read()) {
        for (long u : uids) {
          if (r.containsMessage(v.mailbox().id(), u)) {
            present.add(u);
          }
        }
      }
      if (present.size() < uids.size() && !c.uid()) {
        return Reply.no("[EXPUNGEISSUED] Some of the messages were expunged meanwhile");
      }
      if (present.isEmpty()) {
        return Reply.ok(verb + " completed");
      }
      try {
        Outcome o =
            s.ctx()
                .store()
                .copyMessages(
                    s.author(verb),
                    new CopyMessages(
                        v.mailbox().name(), present, target.get().mailbox().name(), c.move()));
        List<Long> to =
            o.eventsOf(MessageEvent.Appended.class).stream()
                .map(MessageEvent.Appended::uid)
                .toList();
        String copyUid =
            "[COPYUID "
                + target.get().mailbox().uidValidity()
                + " "
                + UidSets.format(present)
                + " "
                + UidSets.format(to)
                + "]";
        if (c.move()) {
          s.out().untagged("OK " + copyUid + " Moved");
        }
        s.committed(o);
        return Reply.ok((c.move() ? "" : copyUid + " ") + verb + " completed");
      } catch (Rejected e) {
        if (e.kind() != Rejected.Kind.NOT_FOUND || attempt == 3) {
          return Reply.rejected(e);
        }
      }
    }
  }
}
