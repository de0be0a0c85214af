package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.SelectedView;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.RecordSharedAccess;
import java.io.IOException;
import java.util.Optional;

/**
 * SELECT and EXAMINE (RFC 3501 sections 6.3.1 and 6.3.2): FLAGS, EXISTS, RECENT, UNSEEN,
 * PERMANENTFLAGS, UIDVALIDITY, UIDNEXT; read-only without the rights to change anything. A failed
 * SELECT leaves no mailbox selected. Another user's folder opened records the access {@code
 * readership} counts ({@code RecordSharedAccess}).
 */
final class SelectHandler {
  private SelectHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Select c) throws IOException {
    if (c.qresync() != null && !s.enabled().contains("QRESYNC")) {
      return Reply.bad("QRESYNC needs ENABLE QRESYNC first (RFC 7162 section 3.2.5)");
    }
    s.unselect();
    Optional<Access.Found> found;
    try (ProjectionReader r = s.read()) {
      found = Access.find(r, s, c.mailbox());
    }
    if (found.isEmpty()) {
      return Reply.noMailbox();
    }
    if (!found.get().may('r')) {
      return Reply.noPermission("read");
    }
    boolean readOnly =
        c.readOnly()
            || !(found.get().may('s')
                || found.get().may('w')
                || found.get().may('t')
                || found.get().may('e'));
    if (!s.admin()
        && !MailboxNames.ownerOf(found.get().mailbox().name())
            .map(s.user()::equals)
            .orElse(false)) {
      // a shared folder opened by another user: what readership counts (not an administrator's
      // look into a mailbox nobody shared with them)
      try {
        s.ctx()
            .store()
            .execute(
                s.author(c.readOnly() ? "EXAMINE" : "SELECT"),
                new RecordSharedAccess(found.get().mailbox().name(), s.user()));
      } catch (Rejected e) {
        return Reply.noMailbox(); // deleted meanwhile
      }
    }
    SelectedView v = s.select(found.get().mailbox(), readOnly);
    StringBuilder flags = new StringBuilder(v.flagNames());
    s.out().untagged("FLAGS (" + flags + ")");
    s.out().untagged(v.size() + " EXISTS");
    s.out().untagged(v.recentCount() + " RECENT");
    int unseen = v.firstUnseen();
    if (unseen > 0) {
      s.out().untagged("OK [UNSEEN " + unseen + "] First unseen.");
    }
    s.out()
        .untagged(
            "OK [PERMANENTFLAGS "
                + (readOnly ? "()" : "(" + permanent(found.get(), flags) + ")")
                + "] Flags permitted.");
    s.out().untagged("OK [UIDVALIDITY " + v.mailbox().uidValidity() + "] UIDs valid");
    s.out().untagged("OK [UIDNEXT " + v.uidNext() + "] Predicted next UID");
    if (c.condstore()) {
      s.enabled().add("CONDSTORE"); // RFC 7162 section 3.1.8: SELECT (CONDSTORE) enables it
      v.condstore();
    }
    // RFC 7162 section 3.1.2.1: a server that keeps modification sequences sends this on every
    // SELECT and EXAMINE, CONDSTORE enabled or not
    s.out().untagged("OK [HIGHESTMODSEQ " + v.highestModSeq() + "] Highest");
    if (c.qresync() != null && c.qresync().uidValidity() == v.mailbox().uidValidity()) {
      Resync.vanishedEarlier(s, v, c.qresync().knownUids(), c.qresync().modSeq());
      Resync.changedSince(s, v, c.qresync().modSeq());
    }
    return Reply.ok(
        (readOnly ? "[READ-ONLY] " : "[READ-WRITE] ")
            + (c.readOnly() ? "Examine" : "Select")
            + " completed");
  }

  private static String permanent(Access.Found f, StringBuilder flags) {
    StringBuilder p = new StringBuilder();
    if (f.may('w')) {
      p.append("\\Answered \\Flagged \\Draft");
    }
    if (f.may('t')) {
      p.append(p.isEmpty() ? "" : " ").append("\\Deleted");
    }
    if (f.may('s')) {
      p.append(p.isEmpty() ? "" : " ").append("\\Seen");
    }
    if (f.may('w')) {
      String keywords = flags.substring("\\Answered \\Flagged \\Deleted \\Seen \\Draft".length());
      p.append(keywords).append(" \\*");
    }
    return p.toString();
  }
}
