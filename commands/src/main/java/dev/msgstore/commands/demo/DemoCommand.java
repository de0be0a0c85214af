package dev.msgstore.commands.demo;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.RestoreExpunged;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.StoreFlags;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Puts a store through its paces on real data: provisions users, delivers mail, shares a folder,
 * expunges and restores, then shows the mailboxes and what the journal recorded.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Provision users, deliver and manage mail in a store, and show the result.")
public final class DemoCommand implements Callable<Integer> {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;

  @Option(names = "--users", defaultValue = "3", description = "How many users (default: 3).")
  int users;

  @Option(
      names = "--messages",
      defaultValue = "5",
      description = "Messages delivered to each user's INBOX (default: 5).")
  int messages;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = root.context().out();
    Author author = root.context().author();
    try (Store s = root.context().openStore(store.resolve(root.context()), StoreUse.WRITES)) {
      s.rebuiltBecause().ifPresent(r -> out.println("projections rebuilt from the journal: " + r));
      String run = Long.toString(System.currentTimeMillis(), 36);
      for (int u = 1; u <= users; u++) {
        String user = "demo" + u;
        for (String folder : List.of("INBOX", "Sent", "Archive/" + run)) {
          createIfMissing(s, author, "user/" + user + "/" + folder);
        }
        s.execute(author, new SetQuota(user, 10L * 1024 * 1024, 10_000));
        for (int m = 1; m <= messages; m++) {
          s.append(author, "user/" + user + "/INBOX", message(user, run, m), AppendOptions.DEFAULT);
        }
      }
      createIfMissing(s, author, "shared/announcements");
      s.execute(author, new SetAcl("shared/announcements", "anyone", "lrs"));
      Outcome first =
          s.append(
              author,
              "user/demo1/INBOX",
              message("demo1", run, 0),
              AppendOptions.DEFAULT.withFlags(Set.of(SystemFlag.SEEN)));
      long uid =
          first.eventsOf(dev.msgstore.journal.event.MessageEvent.Appended.class).get(0).uid();
      s.execute(
          author,
          new StoreFlags(
              "user/demo1/INBOX",
              List.of(uid),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.DELETED),
              List.of()));
      s.execute(author, Expunge.deleted("user/demo1/INBOX"));
      Outcome restored = s.execute(author, new RestoreExpunged("user/demo1/INBOX", 0));
      out.printf(
          "delivered %d messages to %d users; expunged and restored %d%n",
          users * messages + 1, users, restored.eventsOf(MessageEvent.Restored.class).size());
      try (ProjectionReader r = s.read()) {
        out.println();
        out.printf("%6s %9s %-10s %s%n", "msgs", "Kbytes", "partition", "mailbox");
        for (MailboxRecord m : r.mailboxes("")) {
          out.printf(
              "%6d %9d %-10s %s%n",
              m.messages(), (m.bytes() + 1023) / 1024, m.partition(), m.name());
        }
        out.println();
        for (int u = 1; u <= users; u++) {
          QuotaRecord q = r.quota("demo" + u);
          out.printf(
              "quota demo%d: %d of %d bytes, %d messages%n",
              u, q.usedBytes(), q.limitBytes(), q.usedMessages());
        }
      }
      out.printf(
          "%njournal: %d commits in %s (see: msgstore journal --store %s)%n",
          s.journal().stats().commits(), s.journal().directory(), s.root());
    }
    return 0;
  }

  private static void createIfMissing(Store s, Author author, String name) {
    try {
      s.execute(author, new CreateMailbox(name, null));
    } catch (Rejected e) {
      if (e.kind() != Rejected.Kind.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  private static ByteArrayInputStream message(String user, String run, int n) {
    String text =
        "From: postmaster@example.com\r\n"
            + "To: "
            + user
            + "@example.com\r\n"
            + "Subject: demo message "
            + n
            + "\r\n"
            + "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <"
            + run
            + "."
            + user
            + "."
            + n
            + "@example.com>\r\n"
            + "\r\n"
            + "Hello "
            + user
            + ", this is message "
            + n
            + " of run "
            + run
            + ".\r\n";
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }
}
