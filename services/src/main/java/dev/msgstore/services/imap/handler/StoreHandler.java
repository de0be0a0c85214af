package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.MessageFlags;
import dev.msgstore.services.imap.session.Rights;
import dev.msgstore.services.imap.session.SelectedView;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.StoreFlags;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * STORE and UID STORE (RFC 3501 sections 6.4.6 and 6.4.8): needs "s" to change \Seen, "t" for
 * \Deleted and "w" for the others. Without .SILENT each message's flags come back as FETCH, as they
 * are after the commit.
 */
final class StoreHandler {
  private StoreHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Store c) throws IOException {
    SelectedView v = s.selected();
    if (v.readOnly()) {
      return Reply.no("[READ-ONLY] The mailbox is selected read-only");
    }
    Flags flags;
    List<Long> uids;
    try {
      flags = Flags.parse(c.flags());
      uids = Messages.uids(v, c.set(), c.uid());
    } catch (Flags.BadFlag | Messages.BadSet e) {
      return Reply.bad(e.getMessage());
    }
    String rights = s.selectedRights();
    for (SystemFlag f : flags.system()) {
      char need = f == SystemFlag.SEEN ? 's' : f == SystemFlag.DELETED ? 't' : 'w';
      if (!Rights.has(rights, need)) {
        return Reply.noPermission(String.valueOf(need));
      }
    }
    if ((!flags.keywords().isEmpty() || c.mode() == '=') && !Rights.has(rights, 'w')) {
      return Reply.noPermission("write");
    }
    StoreFlags.Mode mode =
        switch (c.mode()) {
          case '+' -> StoreFlags.Mode.ADD;
          case '-' -> StoreFlags.Mode.REMOVE;
          default -> StoreFlags.Mode.REPLACE;
        };
    boolean conditional = c.unchangedSince() >= 0;
    if (conditional) {
      s.enableCondstore(); // RFC 7162 section 3.1: a CONDSTORE-enabling command
    }
    // RFC 7162 section 3.1.3: messages changed after UNCHANGEDSINCE are left as they are and named
    // in MODIFIED; StoreFlags refuses the whole change if one more changed since this look
    List<Long> modified = new ArrayList<>();
    long ours = Long.MIN_VALUE;
    for (int attempt = 0; !uids.isEmpty(); attempt++) {
      List<Long> present = new ArrayList<>(uids.size());
      modified.clear();
      try (ProjectionReader r = s.read()) {
        for (long u : uids) {
          if (r.containsMessage(v.mailbox().id(), u)) {
            if (conditional && r.modSeq(v.mailbox().id(), u) > c.unchangedSince()) {
              modified.add(u);
            } else {
              present.add(u);
            }
          }
        }
      }
      try {
        Outcome o =
            s.ctx()
                .store()
                .execute(
                    s.author(c.uid() ? "UID STORE" : "STORE"),
                    new StoreFlags(
                        v.mailbox().name(),
                        present,
                        mode,
                        flags.system(),
                        flags.keywords(),
                        conditional ? c.unchangedSince() : StoreFlags.ANY,
                        true));
        s.committed(o);
        ours = o.index();
        break;
      } catch (Rejected e) {
        if (!StoreFlags.isModified(e) || attempt == 3) {
          return Reply.rejected(e);
        }
      }
    }
    v.announceFlags(s.out());
    for (long u : uids) {
      int seq = v.seq(u);
      MessageFlags now = v.flags(u);
      if (seq == 0 || now == null || modified.contains(u)) {
        continue;
      }
      v.answered(u);
      String modSeq = v.condstoreEnabled() ? "MODSEQ (" + v.modSeq(u) + ")" : "";
      if (!c.silent()) {
        s.out()
            .untagged(
                seq
                    + " FETCH (FLAGS "
                    + now.imap(v.recent(u))
                    + (c.uid() ? " UID " + u : "")
                    + (modSeq.isEmpty() ? "" : " " + modSeq)
                    + ")");
      } else if (!modSeq.isEmpty() && v.modSeq(u) == ours) {
        // RFC 7162 section 3.1.3: .SILENT still tells the new MODSEQ of what changed
        s.out().untagged(seq + " FETCH (" + (c.uid() ? "UID " + u + " " : "") + modSeq + ")");
      }
    }
    if (!modified.isEmpty()) {
      List<Long> named = new ArrayList<>();
      for (long u : modified) {
        named.add(c.uid() ? u : (long) v.seq(u));
      }
      named.removeIf(n -> n == 0);
      return Reply.ok("[MODIFIED " + UidSets.format(named) + "] Conditional STORE failed");
    }
    // Messages another session expunged meanwhile are passed over, as Dovecot does: their flags
    // no longer matter, and the EXPUNGE responses will tell the client soon.
    return Reply.ok("STORE completed");
  }
}
