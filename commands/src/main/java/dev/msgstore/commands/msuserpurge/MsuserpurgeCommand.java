package dev.msgstore.commands.msuserpurge;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.Store;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.purge.AccountPurge;
import dev.msgstore.store.purge.AccountPurge.Account;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code msuserpurge} (Table 71-30): purges the mailboxes of users and domains whose status has
 * been {@code deleted} longer than {@code -g days} ({@link AccountPurge}). Its {@link #result()} is
 * the list of accounts looked at, each with what was decided.
 */
@Command(
    name = "msuserpurge",
    footer = "%nReference: Table 71-30, msuserpurge Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Purge the mailboxes of users whose inetUserStatus/mailUserStatus, or whose domain's"
          + " inetDomainStatus/mailDomainStatus, has been 'deleted' longer than the grace period:"
          + " one commit per user, the embedded directory's entry marked 'removed' in it. Message"
          + " bodies are reclaimed by the next impurge.",
      "Output: 'msuserpurge: N users purged, M mailboxes'; -v adds a line per purged user, -r"
          + " lists every user and what would be done, and purges nothing."
    })
public final class MsuserpurgeCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  static final class Listing {
    @Option(names = "-v", description = "Verbose (list deleted users).")
    boolean verbose;

    @Option(names = "-r", description = "Report (list all users, do not purge).")
    boolean report;
  }

  @ArgGroup(exclusive = true)
  Listing listing = new Listing();

  @Option(names = "-d", paramLabel = "domain", description = "Specify a domain.")
  String domain;

  @Option(names = "-g", paramLabel = "days", description = "Specify a grace period.")
  long graceDays;

  private List<Account> result;

  @Override
  public List<Account> result() {
    return result;
  }

  @Override
  public Integer call() {
    if (graceDays < 0) {
      throw VerbFailure.usage("-g: days must be 0 or more");
    }
    CliContext ctx = root.context();
    boolean report = listing != null && listing.report;
    boolean verbose = listing != null && listing.verbose;
    StoreUse use = report ? StoreUse.READS : StoreUse.REPAIRS;
    try (Store s = ctx.openStore(store.resolve(ctx), use);
        Directory directory = Directories.open(s)) {
      if (domain != null && directory.domain(domain).isEmpty()) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "no such domain: " + domain);
      }
      long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
      result = new AccountPurge(s, directory, ctx.author()).run(domain, graceDays, now, !report);
    }
    PrintWriter out = ctx.out();
    if (report) {
      for (Account a : result) {
        out.println(reportLine(a));
      }
    } else {
      int users = 0;
      int boxes = 0;
      for (Account a : result) {
        if (a.purged()) {
          users++;
          boxes += a.mailboxes();
          if (verbose) {
            out.println(
                "purged "
                    + a.user()
                    + " ("
                    + a.why()
                    + " "
                    + since(a)
                    + ", "
                    + a.mailboxes()
                    + " mailboxes)");
          }
        }
      }
      out.println("msuserpurge: " + users + " users purged, " + boxes + " mailboxes");
    }
    out.flush();
    return 0;
  }

  private static String since(Account a) {
    return Instant.EPOCH
        .plus(a.deletedSinceMicros(), ChronoUnit.MICROS)
        .truncatedTo(ChronoUnit.SECONDS)
        .toString();
  }

  /** {@code user status mailboxes decision}: what a purge would do to each user. */
  static String reportLine(Account a) {
    String decision;
    if (a.deletedSinceMicros() < 0) {
      decision = "kept";
    } else if (!a.due()) {
      decision = "in grace period (" + a.why() + " " + since(a) + ")";
    } else if (a.mailboxes() == 0) {
      decision = "nothing to purge (" + a.why() + " " + since(a) + ")";
    } else {
      decision = "would be purged (" + a.why() + " " + since(a) + ")";
    }
    return String.format(
        "%-24s %-8s %3d mailboxes  %s", a.user(), a.status().word(), a.mailboxes(), decision);
  }
}
