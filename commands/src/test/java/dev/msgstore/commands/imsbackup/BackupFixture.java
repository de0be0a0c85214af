package dev.msgstore.commands.imsbackup;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.SetUserStatus;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated store for backup tests, and what a restore must reproduce of it: every mailbox of the
 * users named with its UIDVALIDITY, UIDNEXT, counts, messages (all their fields), expunged messages
 * not purged, ACL, and each account's partition, status, quota and subscriptions. Mailbox ids and
 * times of commits are left out: a restore gives new ones.
 */
public final class BackupFixture {
  static final Author AUTHOR = Author.of("tester", "backup test");
  private static final List<SystemFlag> FLAGS =
      List.of(SystemFlag.SEEN, SystemFlag.ANSWERED, SystemFlag.FLAGGED, SystemFlag.DRAFT);

  private BackupFixture() {}

  static String message(Random rnd, String tag, int size) {
    StringBuilder sb =
        new StringBuilder(
            "From: a"
                + rnd.nextInt(100)
                + "@example.com\r\nTo: x@example.com\r\nSubject: "
                + tag
                + "\r\nMessage-ID: <"
                + tag
                + "@example.com>\r\nDate: Thu, 3 Dec 2026 10:00:00"
                + " +0000\r\n\r\n");
    while (sb.length() < size) {
      sb.append("line ").append(rnd.nextInt()).append(" of ").append(tag).append("\r\n");
    }
    return sb.toString();
  }

  static void append(Store s, Random rnd, String mailbox, String tag, int size) {
    Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
    for (SystemFlag f : FLAGS) {
      if (rnd.nextInt(3) == 0) {
        flags.add(f);
      }
    }
    List<String> keywords = rnd.nextBoolean() ? List.of() : List.of("$Label" + rnd.nextInt(3));
    try {
      s.append(
          AUTHOR,
          mailbox,
          new ByteArrayInputStream(message(rnd, tag, size).getBytes(StandardCharsets.UTF_8)),
          new AppendOptions(
              flags, keywords, 1_700_000_000_000L + rnd.nextInt(1_000_000) * 1000L, true, true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** joe, ann and bob@example.org with folders, flags, keywords, ACLs, quota, expunged messages. */
  public static void generate(Path root, long seed) {
    Random rnd = new Random(seed);
    try (Store s = Store.open(root)) {
      String[] users = {"joe", "ann", "bob@example.org"};
      String[] folders = {"INBOX", "Archive", "Archive/2025", "Sent", "&AMk-t&AOk-"};
      int n = 0;
      for (String u : users) {
        for (String f : folders) {
          String box = "user/" + u + "/" + f;
          int count = 1 + rnd.nextInt(6);
          for (int i = 0; i < count; i++) {
            append(s, rnd, box, "m" + (n++), 200 + rnd.nextInt(3000));
          }
        }
        s.execute(AUTHOR, new Subscribe(u, "user/" + u + "/Archive", true));
        s.execute(AUTHOR, new Subscribe(u, "user/" + u + "/Sent", true));
        s.execute(AUTHOR, new SetQuota(u, 50_000_000, 10_000));
      }
      s.execute(AUTHOR, new SetAcl("user/joe/Archive", "ann", "lrs"));
      s.execute(AUTHOR, new SetAcl("user/joe/INBOX", "anyone", "l"));
      s.execute(
          AUTHOR,
          new StoreFlags(
              "user/ann/INBOX",
              List.of(1L),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.DELETED),
              List.of("$Important")));
      // a gap at the top: UIDNEXT above the last UID once the last two are purged
      append(s, rnd, "user/joe/Sent", "gone1", 400);
      append(s, rnd, "user/joe/Sent", "gone2", 400);
      long top = s.read().mailbox("user/joe/Sent").orElseThrow().uidNext() - 1;
      s.execute(AUTHOR, new Expunge("user/joe/Sent", List.of(top - 1, top)));
      s.execute(AUTHOR, new Purge("user/joe/Sent", Long.MAX_VALUE));
      // expunged, not purged
      s.execute(AUTHOR, new Expunge("user/ann/Archive", List.of(1L)));
      s.execute(AUTHOR, new SetUserStatus("bob@example.org", "inactive"));
    }
  }

  /** What a restore must reproduce for {@code users} (see the class comment). */
  public static String dump(Path root, List<String> users) {
    StringBuilder sb = new StringBuilder();
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      for (String u : users) {
        sb.append("account ")
            .append(u)
            .append(' ')
            .append(r.user(u).map(x -> x.partition() + " " + x.status()).orElse("-"))
            .append('\n');
        QuotaRecord q = r.quota(u);
        sb.append("quota ").append(q).append('\n');
        sb.append("subscriptions ").append(r.subscriptions(u)).append('\n');
        for (MailboxRecord m : r.mailboxes(MailboxNames.USER_PREFIX + u + "/")) {
          sb.append(
              String.format(
                  "mailbox %s partition=%s uidvalidity=%d uidnext=%d messages=%d bytes=%d"
                      + " lastAppend=%d%n",
                  m.name(),
                  m.partition(),
                  m.uidValidity(),
                  m.uidNext(),
                  m.messages(),
                  m.bytes(),
                  m.lastAppend()));
          List<String> acl = new ArrayList<>();
          for (AclEntry e : r.acl(m.id())) {
            acl.add(e.identifier() + "=" + e.rights());
          }
          sb.append("  acl ").append(acl).append('\n');
          for (MessageRecord msg : r.messages(m.id())) {
            sb.append("  ").append(line(msg)).append('\n');
          }
          for (ExpungedMessage e : r.expunged(m.id())) {
            sb.append("  expunged ").append(line(e.message())).append('\n');
          }
        }
      }
    }
    return sb.toString();
  }

  private static String line(MessageRecord m) {
    return m.uid()
        + " "
        + m.digest().hex()
        + " "
        + m.size()
        + " "
        + m.headerSize()
        + " "
        + m.internalDate()
        + " "
        + m.sentDate()
        + " "
        + SystemFlag.letters(m.flags())
        + " "
        + m.keywords()
        + " "
        + m.messageId();
  }
}
