package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Unseen messages, and those no session has claimed as recent. */
  private static long[] counts(ImapSession s, ProjectionReader r, MailboxRecord m) {
    long[] unseen = {0};
    long[][] uids = {new long[(int) Math.min(Math.max(m.messages(), 16), 1 << 20)]};
    int[] n = {0};
    int seen = SystemFlag.toBits(Set.of(SystemFlag.SEEN));
    r.forEachMessageFlags( // UIDs and flags only: nothing else of a message is decoded
        m.id(),
        0,
        (uid, flags) -> {
          if ((flags & seen) == 0) {
            unseen[0]++;
          }
          if (n[0] == uids[0].length) {
            uids[0] = Arrays.copyOf(uids[0], n[0] * 2);
          }
          uids[0][n[0]++] = uid;
          return true;
        });
    long recent = s.ctx().claims().unclaimed(m.id(), Arrays.copyOf(uids[0], n[0]));
    return new long[] {unseen[0], recent};
  }
}
