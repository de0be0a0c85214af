package dev.msgstore.commands.readership;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.ForgetSharedAccess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code readership} (reference Tables 71-31, 71-32): how many users other than the owner read each
 * shared folder, forgetting stale readers first ({@code -p}); and setting ACL entries ({@code -s}).
 * Accesses are {@code session.shared-mailbox-accessed} events, recorded by {@code
 * RecordSharedAccess} when a user other than the owner opens a mailbox. Its {@link #result()} is
 * the {@link SharedFolderReaders} counted, or with {@code -s} the {@link AclEntrySet}s.
 */
@Command(
    name = "readership",
    footer =
        "%nReference: Table 71-31, readership Options, and Table 71-32, ACL rights characters.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Count the users other than the owner who accessed each shared folder, or set an ACL entry.",
      "A shared folder is a mailbox outside user/, or one whose ACL grants rights to an identifier"
          + " other than its owner. Output: one line per shared folder in name order, '<count>"
          + " <mailbox>'. Without -d or -p every recorded access counts.",
      "Rights letters (-s, RFC 4314): l r s w i p k x a t e n; empty rights remove the entry."
    })
public final class ReadershipCommand implements Callable<Integer>, ResultVerb {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  /** The time the periods are counted back from: the system clock, unless a test says otherwise. */
  Clock clock = Clock.systemUTC();

  @Option(names = "-d", paramLabel = "days", description = "Count accesses within these days.")
  Integer days;

  @Option(
      names = "-p",
      paramLabel = "months",
      description = "First forget the users who have not accessed within these months, then count.")
  Integer months;

  @Option(names = "-s", description = "Set: mailbox identifier rights (or -m pattern ...).")
  boolean set;

  @Option(names = "-m", paramLabel = "pattern", description = "-s on every mailbox matching.")
  String pattern;

  @Option(names = "-e", paramLabel = "encoding", description = "Mailbox name encoding.")
  String encoding;

  @Parameters(
      paramLabel = "arg",
      arity = "0..*",
      description = "With -s: [mailbox] identifier [rights].")
  List<String> args = new ArrayList<>();

  private List<?> result;

  @Override
  public Integer call() {
    Names names = Names.of(encoding);
    AclChange change = set ? aclChange(names) : null;
    if (!set) {
      checkReportOptions();
    }
    Path where = store.resolve(root.context());
    // -p forgets stale readers and -s sets ACL entries: both change the store.
    StoreUse use = set || months != null ? StoreUse.WRITES : StoreUse.READS;
    try (Store s = root.context().openStore(where, clock, use)) {
      if (change == null) {
        result = report(s, names);
      } else if (pattern != null) {
        result = change.onPattern(s, root.context().author(), pattern);
      } else {
        result = change.onMailbox(s, root.context().author(), args.get(0));
      }
    }
    return 0;
  }

  /**
   * The shared folders and their reader counts, as printed; with {@code -s} the ACL entries set.
   * Null before the run or if it failed.
   */
  @Override
  public List<?> result() {
    return result;
  }

  /** Forgets stale readers ({@code -p}), then counts and prints. */
  private List<SharedFolderReaders> report(Store s, Names names) {
    Instant now = clock.instant();
    long since = Long.MIN_VALUE;
    if (days != null) {
      // Beyond 10,000 years every access counts; the cap keeps the arithmetic in range.
      since = micros(now) - Math.min(days, 3_650_000) * MICROS_PER_DAY;
    } else if (months != null) {
      // Calendar months back from now, in UTC: 1 month before 31 March is 28 or 29 February.
      since = micros(now.atZone(ZoneOffset.UTC).minusMonths(Math.min(months, 120_000)).toInstant());
      s.execute(root.context().author(), new ForgetSharedAccess(since));
    }
    List<SharedFolderReaders> counted = ReadershipReport.count(s, names, since);
    PrintWriter out = root.context().out();
    counted.forEach(r -> out.println(r.line()));
    out.flush();
    return counted;
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private void checkReportOptions() {
    if (days != null && months != null) {
      throw VerbFailure.usage("-d and -p cannot be used together");
    }
    if (pattern != null) {
      throw VerbFailure.usage("-m can only be used with -s");
    }
    if (!args.isEmpty()) {
      throw VerbFailure.usage("unexpected argument: " + args.get(0) + " (did you mean -s?)");
    }
    if (days != null && days < 1) {
      throw VerbFailure.usage("-d: days must be 1 or more, not " + days);
    }
    if (months != null && months < 1) {
      throw VerbFailure.usage("-p: months must be 1 or more, not " + months);
    }
  }

  private AclChange aclChange(Names names) {
    if (days != null || months != null) {
      throw VerbFailure.usage("-s cannot be used with -d or -p");
    }
    // The mailbox is a positional argument unless -m names a pattern; rights may be left out
    // (or given as "") to remove the entry.
    int first = pattern != null ? 0 : 1;
    if (pattern != null && pattern.isEmpty()) {
      throw VerbFailure.usage("-m: the pattern is empty");
    }
    if (args.size() < first + 1 || args.size() > first + 2) {
      throw VerbFailure.usage(
          pattern != null
              ? "-s -m pattern takes: identifier [rights]"
              : "-s takes: mailbox identifier [rights]");
    }
    String rights = args.size() == first + 2 ? args.get(first + 1) : "";
    return new AclChange(names, args.get(first), rights);
  }
}
