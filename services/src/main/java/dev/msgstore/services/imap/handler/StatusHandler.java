package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * STATUS (RFC 3501 section 6.3.10): needs the read right. HIGHESTMODSEQ (RFC 7162 section 3.1.2) is
 * the mailbox's, from the projections; asking for it enables CONDSTORE.
 */
final class StatusHandler {
  private StatusHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Status c) throws IOException {
    if (c.items().contains("HIGHESTMODSEQ")) {
      s.enableCondstore();
    }
    String values;
    try (ProjectionReader r = s.read()) {
      Optional<Access.Found> found = Access.find(r, s, c.mailbox());
      if (found.isEmpty()) {
        return Reply.noMailbox();
      }
      if (!found.get().may('r')) {
        return Reply.noPermission("read");
      }
      values = values(s, r, found.get().mailbox(), c.items());
    }
    s.out().untagged("STATUS " + ResponseEncoder.string(c.mailbox()) + " (" + values + ")");
    return Reply.ok("STATUS completed");
  }

  /** The STATUS items' values ("MESSAGES 3 UIDNEXT 4"), also for LIST-STATUS (RFC 5819). */
  static String values(ImapSession s, ProjectionReader r, MailboxRecord m, List<String> items) {
    List<String> values = new ArrayList<>();
    long[] counts = null;
    for (String item : items) {
      long v =
          switch (item) {
            case "MESSAGES" -> m.messages();
            case "UIDNEXT" -> m.uidNext();
            case "UIDVALIDITY" -> m.uidValidity();
            case "SIZE" -> m.bytes();
            case "HIGHESTMODSEQ" -> r.highestModSeq(m.id());
            default -> {
              if (counts == null) {
                counts = counts(s, r, m);
              }
              yield item.equals("UNSEEN") ? counts[0] : counts[1];
            }
          };
      values.add(item + " " + v);
    }
    return String.join(" ", values);
  }

  private static final int SEEN = SystemFlag.toBits(Set.of(SystemFlag.SEEN));

  /** Unseen messages, and those no session has claimed as recent. */
  private static long[] counts(ImapSession s, ProjectionReader r, MailboxRecord m) {
    long unclaimedFrom = s.ctx().claims().unclaimedFrom(m.id());
    long[] counts = {0, 0};
    r.forEachMessageFlags( // UIDs and flags only: nothing else of a message is decoded
        m.id(),
        0,
        (uid, flags) -> {
          if ((flags & SEEN) == 0) {
            counts[0]++;
          }
          if (uid >= unclaimedFrom) {
            counts[1]++;
          }
          return true;
        });
    return counts;
  }
}
