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

  /** What the block says about the messages: one pass over them before anything is printed. */
  record Summary(long largest, long oldestMillis, long oldestUid, UserFlags flags) {
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

  void block(MailboxRecord m, Summary s, Consumer<String> out) {
    out.accept(RULE);
    out.accept("Name: " + m.name());
    out.accept("Version: -");
    out.accept("Exists: " + m.messages());
    out.accept("Flags: 0");
    out.accept("Largest Msg: " + s.largest() + " bytes");
    out.accept("Last Append: " + stamp(m.lastAppend()));
    out.accept("Last UID: " + (m.uidNext() - 1));
    out.accept("Oldest Msg: " + stamp(s.oldestMillis()));
    out.accept("Oldest Uid: " + s.oldestUid());
    out.accept("Quota Used: " + m.bytes());
    out.accept("UID Validity: " + m.uidValidity());
    out.accept("Cache Offset: -");
    out.accept("Start Offset: -");
    acl(reader.acl(m.id()), out);
    List<String> names = s.flags().names();
    if (!names.isEmpty()) {
      out.accept("Userflags:");
      names.forEach(n -> out.accept("  " + n));
    }
    boolean subscribed = m.owner().map(u -> reader.isSubscribed(u, m.name())).orElse(false);
    out.accept("Subscribed: " + (subscribed ? 1 : 0));
    out.accept("Partition: " + m.partition());
    String path = StoreLayout.mailboxPath(partitions, m);
    out.accept("Path: " + path);
    // Bodies live in the partition's body store, not beside the index: one path for both.
    out.accept("Msg Path: " + path);
  }

  /** The table, streamed: one row per message in UID order, numbered from 1. */
  void table(MailboxRecord m, Summary s, Consumer<String> out) {
    out.accept("");
    out.accept(TABLE_HEADER);
    out.accept(TABLE_RULE);
    long[] msgNo = {0};
    reader.forEachMessage(
        m.id(),
        0,
        msg -> {
          out.accept(row(++msgNo[0], m, msg, s.flags()));
          return true;
        });
  }

  private String row(long msgNo, MailboxRecord m, MessageRecord msg, UserFlags flags) {
    String id = msg.messageId() == null || msg.messageId().isEmpty() ? "-" : msg.messageId();
    return String.format(
        ROW,
        msgNo,
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
        m.uidValidity() + "-" + msg.uid(),
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
