package dev.msgstore.commands.imcheck;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.StoreLayout;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code imcheck -m}: the mailbox block and the per-message table in the reference's layout. Values
 * the reference takes from its index files and this store does not have print as {@code -}: the
 * index Version, Cache Offset, Start Offset, the CacheOff column (there is no cache file) and the
 * Last-Updated and Save-Date columns (the index keeps no per-message change or save time; the
 * journal has them). Flags and MT are 0: no mailbox flags and no message types exist here.
 */
final class MailboxReport {
  static final String RULE = "-".repeat(80);
  static final String TABLE_HEADER =
      " MsgNo    Uid  Internal Date      Sent Date     Size HSize CacheOff   Last Updated "
          + "     Save Date MT SFlags UFlags   Original-Uid    Message-id";
  static final String TABLE_RULE = "-".repeat(144);
  private static final String ROW =
      "%6d %6d %14s %14s %8d %5d %8s %14s %14s %2d %-6s %-5s %-17s %s";

  /**
   * What the block says about the messages: one pass over them before anything is printed; -1 and
   * no flags when they were not read ({@code -F}).
   */
  record Summary(long largest, long oldestMillis, long oldestUid, UserFlags flags) {
    static final Summary UNREAD = new Summary(-1, -1, -1, new UserFlags());

    static Summary of(ProjectionReader r, MailboxRecord m) {
      long[] s = {0, 0, 0};
      UserFlags flags = new UserFlags();
      r.forEachMessage(
          m.id(),
          0,
          msg -> {
            s[0] = Math.max(s[0], msg.size());
            if (s[2] == 0 || msg.internalDate() < s[1]) {
              s[1] = msg.internalDate();
              s[2] = msg.uid();
            }
            flags.add(msg.keywords());
            return true;
          });
      return new Summary(s[0], s[1], s[2], flags);
    }
  }

  private final ProjectionReader reader;
  private final Partitions partitions;
  private final Stamps stamps;

  MailboxReport(ProjectionReader reader, Partitions partitions, Stamps stamps) {
    this.reader = reader;
    this.partitions = partitions;
    this.stamps = stamps;
  }

  /** Prints the block and returns what it says (without the table). */
  MailboxInfo block(MailboxRecord m, Summary s, Consumer<String> out) {
    MailboxInfo i =
        new MailboxInfo(
            m.name(),
            m.messages(),
            s.largest(),
            m.lastAppend(),
            m.uidNext() - 1,
            s.oldestMillis(),
            s.oldestUid(),
            m.bytes(),
            m.uidValidity(),
            reader.acl(m.id()),
            s.flags().names(),
            m.owner().map(u -> reader.isSubscribed(u, m.name())).orElse(false),
            m.partition(),
            StoreLayout.mailboxPath(partitions, m),
            null,
            null);
    out.accept(RULE);
    out.accept("Name: " + i.name());
    out.accept("Version: -");
    out.accept("Exists: " + i.exists());
    out.accept("Flags: 0");
    boolean read = s != Summary.UNREAD;
    out.accept("Largest Msg: " + (read ? i.largestBytes() + " bytes" : "-"));
    out.accept("Last Append: " + stamp(i.lastAppendMillis()));
    out.accept("Last UID: " + i.lastUid());
    out.accept("Oldest Msg: " + (read ? stamp(i.oldestMillis()) : "-"));
    out.accept("Oldest Uid: " + (read ? i.oldestUid() : "-"));
    out.accept("Quota Used: " + i.quotaUsedBytes());
    out.accept("UID Validity: " + i.uidValidity());
    out.accept("Cache Offset: -");
    out.accept("Start Offset: -");
    acl(i.acl(), out);
    if (!read) {
      out.accept("Userflags: -");
    } else if (!i.userFlags().isEmpty()) {
      out.accept("Userflags:");
      i.userFlags().forEach(n -> out.accept("  " + n));
    }
    out.accept("Subscribed: " + (i.subscribed() ? 1 : 0));
    out.accept("Partition: " + i.partition());
    out.accept("Path: " + i.path());
    // Bodies live in the partition's body store, not beside the index: one path for both.
    out.accept("Msg Path: " + i.path());
    return i;
  }

  /**
   * Prints the table, a row at a time in UID order numbered from 1, each row also to {@code rows}.
   */
  void table(MailboxRecord m, Summary s, Consumer<String> out, Consumer<MessageRow> rows) {
    out.accept("");
    out.accept(TABLE_HEADER);
    out.accept(TABLE_RULE);
    long[] n = {0};
    reader.forEachMessage(
        m.id(),
        0,
        msg -> {
          MessageRow r = new MessageRow(m.name(), ++n[0], msg);
          out.accept(row(r, m.uidValidity(), s.flags()));
          rows.accept(r);
          return true;
        });
  }

  private String row(MessageRow r, long uidValidity, UserFlags flags) {
    MessageRecord msg = r.message();
    String id = msg.messageId() == null || msg.messageId().isEmpty() ? "-" : msg.messageId();
    return String.format(
        ROW,
        r.msgNo(),
        msg.uid(),
        stamps.millis(msg.internalDate()),
        stamps.millis(msg.sentDate()),
        msg.size(),
        msg.headerSize(),
        "-",
        "-",
        "-",
        0,
        SystemFlag.letters(msg.flags()),
        flags.hex(msg.keywords()),
        uidValidity + "-" + msg.uid(),
        id);
  }

  /** The reference shows one entry; further entries continue under it, aligned. */
  private static void acl(List<AclEntry> acl, Consumer<String> out) {
    if (acl.isEmpty()) {
      out.accept("ACL:");
    }
    for (int i = 0; i < acl.size(); i++) {
      AclEntry e = acl.get(i);
      out.accept(
          (i == 0 ? "ACL: " : "     ") + String.format("%-10s %s", e.identifier(), e.rights()));
    }
  }

  /** The block's dates: "0" for none, as the reference's numeric fields. */
  private String stamp(long millis) {
    return millis <= 0 ? "0" : stamps.millis(millis);
  }
}
