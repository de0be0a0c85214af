package dev.msgstore.commands.imsrestore;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.backup.BackupInput;
import dev.msgstore.store.backup.BackupRecord;
import dev.msgstore.store.backup.Restore.RestoredMailbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Reads a stream without restoring it: {@code -t} its table of contents, {@code -h} its header,
 * {@code -D} its messages as {@code imcheck -D} prints them (so that a backup and the store it came
 * from compare with diff). The layout is in docs/BACKUP-STREAM.md.
 */
final class Listing {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

  private final PrintWriter out;
  private final ZoneId zone;
  private final int verbosity;
  private final BiPredicate<String, String> selected;
  final List<RestoredMailbox> mailboxes = new ArrayList<>();
  final List<String> accounts = new ArrayList<>();
  long messages;
  long bytes;
  String current;

  Listing(PrintWriter out, ZoneId zone, int verbosity, BiPredicate<String, String> selected) {
    this.out = out;
    this.zone = zone;
    this.verbosity = verbosity;
    this.selected = selected;
  }

  void header(BackupRecord.Header h) {
    out.println(
        "backup of "
            + h.host()
            + " taken "
            + when(h.createdMicros())
            + ", journal index "
            + h.journalIndex()
            + ", "
            + (h.incremental() ? "incremental since " + when(h.sinceMicros()) : "full")
            + (h.expunged() ? ", with expunged messages" : ""));
    out.println("names: " + String.join(" ", h.names()));
  }

  /**
   * {@code -t}: a line per mailbox (and per message from {@code -v 3}), per account, and the end.
   */
  void toc(BackupInput in) throws IOException {
    for (BackupRecord r = in.next(); r != null; r = in.next()) {
      switch (r) {
        case BackupRecord.Mailbox m -> {
          boolean show = selected.test(m.name(), m.partition());
          long[] c = mailboxContent(in, m, show && verbosity >= 3, null);
          if (show) {
            out.println(
                String.format(
                    "%-40s %8d messages %12d bytes  uidvalidity %d  uidnext %d  partition %s%s",
                    m.name(),
                    c[0],
                    c[1],
                    m.uidValidity(),
                    m.uidNext(),
                    m.partition(),
                    m.delta() ? "  (changes; " + c[2] + " kept)" : ""));
            mailboxes.add(new RestoredMailbox(m.name(), null, c[0], c[1], 0, null));
            messages += c[0];
            bytes += c[1];
          }
        }
        case BackupRecord.Gone g -> {
          if (selected.test(g.name(), "")) {
            out.println(String.format("%-40s gone since the base", g.name()));
          }
        }
        case BackupRecord.User u -> {
          if (selected.test(MailboxNames.inboxOf(u.userId()), u.partition())) {
            accounts.add(u.userId());
            out.println(
                "user "
                    + u.userId()
                    + ": partition "
                    + u.partition()
                    + ", status "
                    + u.status()
                    + ", quota "
                    + limit(u.quotaBytes())
                    + " bytes "
                    + limit(u.quotaMessages())
                    + " messages, "
                    + u.subscriptions().size()
                    + " subscriptions");
          }
        }
        default -> {}
      }
      out.flush();
    }
    BackupRecord.Trailer t = in.trailer();
    out.println(
        "complete: "
            + t.users()
            + " users, "
            + t.mailboxes()
            + " mailboxes, "
            + t.messages()
            + " messages, "
            + t.bodyBytes()
            + " bytes, "
            + t.frames()
            + " frames");
  }

  /** {@code -D}: one line per message, as {@code imcheck -D -S sep} prints it. */
  void dump(BackupInput in, String sep) throws IOException {
    for (BackupRecord r = in.next(); r != null; r = in.next()) {
      if (r instanceof BackupRecord.Mailbox m) {
        if (selected.test(m.name(), m.partition())) {
          long[] c = mailboxContent(in, m, false, sep);
          mailboxes.add(new RestoredMailbox(m.name(), null, c[0], c[1], 0, null));
          messages += c[0];
          bytes += c[1];
        } else {
          mailboxContent(in, m, false, null);
        }
      }
    }
  }

  /** Reads a mailbox's records to its end: messages, bytes and kept messages, printing as asked. */
  private long[] mailboxContent(BackupInput in, BackupRecord.Mailbox m, boolean lines, String sep)
      throws IOException {
    current = m.name();
    long[] c = new long[3];
    long msgNo = 0;
    for (BackupRecord r = in.next(); !(r instanceof BackupRecord.MailboxEnd); r = in.next()) {
      switch (r) {
        case null -> throw new IOException("the stream ends inside " + m.name());
        case BackupRecord.Message g -> {
          c[0]++;
          c[1] += g.size();
          if (lines) {
            out.println(
                "  uid "
                    + g.uid()
                    + " "
                    + g.size()
                    + " bytes "
                    + stamp(g.internalDate())
                    + " "
                    + SystemFlag.letters(g.flags())
                    + (g.keywords().isEmpty() ? "" : " " + String.join(" ", g.keywords()))
                    + (g.expunged() ? " expunged" : "")
                    + " "
                    + g.messageId());
          }
          if (sep != null && !g.expunged()) {
            out.println(
                String.join(
                    sep,
                    m.name(),
                    String.valueOf(++msgNo),
                    String.valueOf(g.uid()),
                    stamp(g.internalDate()),
                    String.valueOf(g.size()),
                    String.valueOf(g.headerSize()),
                    SystemFlag.letters(g.flags()),
                    String.join(" ", g.keywords()),
                    g.digest().hex(),
                    g.messageId()));
          }
        }
        case BackupRecord.Kept k -> {
          c[2]++;
          if (lines) {
            out.println("  uid " + k.uid() + " kept " + SystemFlag.letters(k.flags()));
          }
        }
        default -> throw new IOException("a record out of place in " + m.name());
      }
    }
    current = null;
    return c;
  }

  private String stamp(long millis) {
    return millis <= 0 ? "-" : STAMP.format(Instant.ofEpochMilli(millis).atZone(zone));
  }

  private String when(long micros) {
    return WHEN.format(Instant.ofEpochMilli(micros / 1000).atZone(zone));
  }

  private static String limit(long v) {
    return v < 0 ? "unlimited" : String.valueOf(v);
  }
}
