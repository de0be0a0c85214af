package dev.msgstore.commands.restore;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.journal.Times;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.store.Store;
import dev.msgstore.store.restore.LostMessage;
import dev.msgstore.store.restore.MailboxRestore;
import dev.msgstore.store.restore.PointInTimeRestore;
import dev.msgstore.store.restore.RestoreResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code msgstore restore --at INSTANT NAME…}: sets mailboxes back to what they were at an instant
 * ({@link PointInTimeRestore}), one commit per mailbox. Its {@link #result()} is the {@link
 * RestoreResult}.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Restore mailboxes to what they were at an instant: deleted folders come back with their"
          + " messages, expunged messages return, flags, keywords, ACLs and subscriptions are set"
          + " back, and what came later is expunged or deleted. One new commit per mailbox, naming"
          + " the restore and its instant: history is never rewritten.",
      "NAME: user/joe (the account), a mailbox with its subfolders (user/joe/Projects, or"
          + " user/joe/Projects/*), or an IMAP pattern. A message whose body was purged cannot"
          + " come back: it is listed by UID, Message-ID and size.",
      "INSTANT is ISO-8601: 2026-11-24T09:00:00Z, 2026-11-24T09:00 (local) or 2026-11-24 (its"
          + " first moment)."
    })
public final class RestoreCommand implements Callable<Integer>, ResultVerb {
  /** A long restore starts telling its progress on stderr after this long. */
  static final long QUIET_MILLIS = 2_000;

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      required = true,
      description = "The instant to restore to.")
  String at;

  @Option(
      names = "--into",
      paramLabel = "FOLDER",
      description =
          "Restore beside the originals, under this folder of each owner (user/joe/Projects to"
              + " user/joe/FOLDER/Projects); the originals are left as they are.")
  String into;

  @Parameters(paramLabel = "NAME", arity = "1..*", description = "The mailboxes to restore.")
  List<String> names = new ArrayList<>();

  private RestoreResult result;

  @Override
  public RestoreResult result() {
    return result;
  }

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    long micros = Times.parseMicros(at, "--at", false);
    Clock clock = Clock.systemUTC();
    if (micros > CommitMeta.micros(clock.instant())) {
      throw VerbFailure.usage("--at " + at + ": that is in the future");
    }
    PrintWriter err = ctx.err();
    long start = clock.millis();
    long[] lastTold = {0};
    try (Store s = ctx.openStore(store.resolve(ctx), StoreUse.REPAIRS)) {
      result =
          PointInTimeRestore.run(
              s,
              ctx.author(),
              new PointInTimeRestore.Request(micros, names, into),
              line -> {
                long t = clock.millis();
                if (t - start >= QUIET_MILLIS && t - lastTold[0] >= 1_000) {
                  lastTold[0] = t;
                  err.println(line);
                  err.flush();
                }
              });
    }
    if (!format.json()) {
      print(ctx.out(), result);
    }
    return 0;
  }

  static void print(PrintWriter out, RestoreResult r) {
    out.println(
        "restore as at " + r.at() + " (" + r.commitsReplayed() + " journal commits replayed)");
    for (MailboxRestore m : r.mailboxes()) {
      if (m.changed()) {
        out.println(line(m));
      }
    }
    for (LostMessage l : r.lost()) {
      out.println(
          "lost: "
              + l.mailbox()
              + " UID "
              + l.uid()
              + " "
              + (l.messageId().isEmpty() ? "(no Message-ID)" : l.messageId())
              + " "
              + l.size()
              + " bytes: its body is no longer stored");
    }
    long changed = r.changed();
    out.println(
        (r.dryRun() ? "restore: dry run, nothing written: " : "restore: ")
            + changed
            + (changed == 1 ? " mailbox" : " mailboxes")
            + (r.dryRun() ? " would change, " : " changed, ")
            + (r.mailboxes().size() - changed)
            + " unchanged, "
            + r.lost().size()
            + (r.lost().size() == 1 ? " message" : " messages")
            + " lost");
    out.flush();
  }

  static String line(MailboxRestore m) {
    StringBuilder sb = new StringBuilder(m.mailbox());
    if (!m.mailbox().equals(m.restoredFrom())) {
      sb.append(" (").append(m.restoredFrom()).append(')');
    }
    sb.append(": ");
    if (m.deleted()) {
      return sb.append("deleted (it did not exist at the instant)").toString();
    }
    List<String> parts = new ArrayList<>();
    if (m.created()) {
      parts.add("comes back as a new mailbox (UIDVALIDITY " + m.uidValidity() + ")");
    }
    count(parts, m.messagesBack(), "message back", "messages back");
    count(parts, m.expunged(), "expunged", "expunged");
    count(parts, m.flagsSetBack(), "message's flags set back", "messages' flags set back");
    count(parts, m.aclChanges(), "ACL change", "ACL changes");
    count(parts, m.subscriptionChanges(), "subscription change", "subscription changes");
    return sb.append(String.join(", ", parts)).toString();
  }

  private static void count(List<String> parts, int n, String one, String many) {
    if (n > 0) {
      parts.add(n + " " + (n == 1 ? one : many));
    }
  }
}
