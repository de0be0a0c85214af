package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.Json;
import dev.msgstore.projections.model.AclEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's {@code mboxutil -l} layout, which it calls stable: seven columns (msgs, Kbytes,
 * date and time of the last message, partition, quota root, mailbox) each padded as in the
 * reference's example and separated by the {@code -B} bound, a single space by default. The header
 * is followed by a blank line. With {@code -x} two indented lines follow each row: the mailbox's
 * path and its ACL.
 */
final class ListFormat {
  static final String COUNT_LABEL = "Total mailboxes: ";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final String bound;
  private final ZoneId zone;

  ListFormat(String bound, ZoneId zone) {
    this.bound = bound;
    this.zone = zone;
  }

  String header() {
    return String.join(
        bound, "  msgs", " Kbytes", "last msg  ", "     ", "partition  ", "quotaroot", "mailbox");
  }

  String row(MailboxRow r) {
    String date = "-";
    String time = "-";
    long when = r.deleted() ? r.deletedMicros() / 1000 : r.lastAppendMillis();
    if (when > 0) {
      var t = Instant.ofEpochMilli(when).atZone(zone);
      date = DATE.format(t);
      time = TIME.format(t);
    }
    return String.join(
        bound,
        String.format("%6s", r.messages() < 0 ? "-" : Long.toString(r.messages())),
        String.format("%7s", r.bytes() < 0 ? "-" : Long.toString(r.bytes() / 1024)),
        String.format("%-10s", date),
        String.format("%-5s", time),
        String.format("%-11s", r.partition()),
        String.format("%9s", r.quotaKbytes() < 0 ? "-" : Long.toString(r.quotaKbytes())),
        r.mailbox());
  }

  /** The {@code -x} lines after a row. */
  List<String> extra(MailboxRow r) {
    List<String> out = new ArrayList<>(2);
    out.add("      path: " + (r.path() == null ? "-" : r.path()));
    out.add("      acl: " + acl(r.acl()));
    return out;
  }

  static String acl(List<AclEntry> acl) {
    if (acl == null || acl.isEmpty()) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    for (AclEntry e : acl) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(e.identifier()).append(' ').append(e.rights());
    }
    return sb.toString();
  }

  /** A row as JSON: the {@link MailboxRow} as a script reads it; with {@code -s} its name only. */
  static String json(MailboxRow r, boolean namesOnly) {
    return Json.line(namesOnly ? Json.object("mailbox", r.mailbox()) : r);
  }
}
