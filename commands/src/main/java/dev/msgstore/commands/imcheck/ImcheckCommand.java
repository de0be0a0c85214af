package dev.msgstore.commands.imcheck;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.Candidates;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.KeptRows;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imcheck} (reference Table 71-6): prints mailbox metadata ({@code -m}, {@code -x}, {@code
 * -p}, {@code -f}), one projection table ({@code -d}), statistics ({@code -s}) and the maintenance
 * queue ({@code -q}). Read-only: it never writes to the journal. This class parses and dispatches;
 * the work is in {@link MailboxReport}, {@link MessageDetail}, {@link TableDump}, {@link
 * Statistics} and {@link MaintenanceQueue}, each of which returns what it printed as the verb's
 * {@link #result()}.
 */
@Command(
    name = "imcheck",
    footer = "%nReference: Table 71-6, imcheck Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print mailbox metadata, a projection table, store statistics or the maintenance queue.",
      "Not in this store (printed as '-'): Version, Cache/Start Offset, CacheOff, Last Updated,"
          + " Save Date. Flags and MT are 0. UFlags: bit i of the mailbox's keywords in order of"
          + " first use, 32-bit hex words joined by '.' (none: 0.0.0)."
    })
public final class ImcheckCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(names = "-m", paramLabel = "mailbox", description = "Metadata of a mailbox.")
  String mailbox;

  @Option(names = "-x", paramLabel = "dir", description = "Metadata of the mailbox in a directory.")
  Path dir;

  @Option(
      names = "-p",
      paramLabel = "partition",
      completionCandidates = Candidates.PartitionNames.class,
      description = "Every mailbox of a partition.")
  String partition;

  @Option(names = "-f", paramLabel = "file", description = "The mailboxes named in a file.")
  Path file;

  @Option(names = "-c", paramLabel = "msgno", description = "Index data of one message.")
  String cacheMsg;

  @Option(names = "-b", paramLabel = "msgno", description = "Content of one message.")
  String bodyMsg;

  @Option(names = "-e", description = "Uids of expunged messages not yet purged.")
  boolean expunged;

  @Option(names = "-H", description = "The mailbox block only, without the message table.")
  boolean headerOnly;

  @Option(names = "-D", description = "One line per message, for backup verification.")
  boolean dump;

  @Option(names = "-S", paramLabel = "sep", description = "Separator: -D ('|'), -d (' ').")
  String sep;

  @Option(
      names = "-d",
      paramLabel = "db_name",
      description =
          "Dump a projection table. The reference's databases name the tables that play their"
              + " part: folder.db (mailbox.by-name), lright.db (acl.by-identifier: who holds rights"
              + " on which mailbox), quota.db (quota). peruser has none: flags are per message.")
  String table;

  @Option(names = "-s", description = "Statistics (journal, projections, bodies).")
  boolean stats;

  @Option(names = "-n", description = "With -s: values only, one a line.")
  boolean numbersOnly;

  @Option(
      names = "-F",
      description =
          "Only values read without a pass over the messages: with -m, -x, -p or -f the mailbox"
              + " block from its index record (Largest Msg, Oldest Msg, Oldest Uid and Userflags"
              + " print as '-'; no message table). With -s it changes nothing: every figure -s"
              + " prints comes from table headers and file sizes.")
  boolean fast;

  @Option(names = "-q", description = "The maintenance queue (pending purges).")
  boolean queue;

  @Parameters(paramLabel = "subsystem", arity = "0..*", description = "With -s: journal, ...")
  List<String> subsystems = new ArrayList<>();

  private Object result;

  @Override
  public Integer call() throws IOException {
    String mode = mode();
    checkOptions(mode);
    PrintWriter out = root.context().out();
    Path where = store.resolve(root.context());
    Stamps stamps = Stamps.of(root.context().env());
    try (Store s = root.context().openStore(where, StoreUse.READS)) {
      result =
          switch (mode) {
            case "-d" ->
                new TableDump(s, sep == null ? " " : sep)
                    .dump(table, out::println, new KeptRows<>(root.context()));
            case "-s" -> new Statistics(s, numbersOnly).print(subsystems, out::println);
            case "-q" -> {
              try (ProjectionReader r = s.read()) {
                yield new MaintenanceQueue(r, stamps).print(out::println);
              }
            }
            default -> mailboxes(s, stamps, out);
          };
    }
    out.flush();
    return 0;
  }

  /**
   * What the run printed, as data: for {@code -m} and {@code -x} a {@link MailboxInfo}, for {@code
   * -p} and {@code -f} a list of them; with {@code -D} the {@link MessageRow}s dumped; {@code -c} a
   * {@link CachedMessage}; {@code -b} a {@link MessageBody}; {@code -d} the {@link TableEntry}s;
   * {@code -s} the figures by subsystem (name to value); {@code -q} the {@link PendingPurge}s. Null
   * before the run or if it failed.
   */
  @Override
  public Object result() {
    return result;
  }

  private Object mailboxes(Store s, Stamps stamps, PrintWriter out) throws IOException {
    try (ProjectionReader r = s.read()) {
      Targets targets = new Targets(r, s.partitions());
      List<MailboxRecord> boxes =
          mailbox != null
              ? List.of(targets.named(mailbox))
              : dir != null
                  ? List.of(targets.inDirectory(dir))
                  : partition != null ? targets.onPartition(partition) : targets.inFile(file);
      MessageDetail detail = new MessageDetail(s, r, stamps);
      if (cacheMsg != null || bodyMsg != null) {
        MailboxRecord m = boxes.get(0);
        String msgNo = cacheMsg != null ? cacheMsg : bodyMsg;
        MessageRow msg = detail.find(m, msgNo);
        return cacheMsg != null
            ? detail.cache(m, msg, msgNo, out::println)
            : detail.body(m, msg, root.context().outBytes());
      }
      if (dump) {
        KeptRows<MessageRow> rows = new KeptRows<>(root.context());
        for (MailboxRecord m : boxes) {
          detail.dump(m, sep == null ? "|" : sep, out::println, rows::add);
        }
        return rows.rows();
      }
      MailboxReport report = new MailboxReport(r, s.partitions(), stamps);
      List<MailboxInfo> infos = new ArrayList<>();
      for (MailboxRecord m : boxes) {
        MailboxReport.Summary summary =
            fast ? MailboxReport.Summary.UNREAD : MailboxReport.Summary.of(r, m);
        MailboxInfo info = report.block(m, summary, out::println);
        if (expunged) {
          info = info.withExpunged(detail.expunged(m, out::println));
        } else if (!headerOnly && !fast) { // the table is a pass over the messages
          KeptRows<MessageRow> rows = new KeptRows<>(root.context());
          report.table(m, summary, out::println, rows::add);
          info = info.withMessages(rows.rows());
        }
        infos.add(info);
      }
      // -m and -x name one mailbox: its report; -p and -f a list of them.
      return mailbox != null || dir != null ? infos.get(0) : infos;
    }
  }

  private String mode() {
    Map<String, Boolean> modes = new LinkedHashMap<>();
    modes.put("-m", mailbox != null);
    modes.put("-x", dir != null);
    modes.put("-p", partition != null);
    modes.put("-f", file != null);
    modes.put("-d", table != null);
    modes.put("-s", stats);
    modes.put("-q", queue);
    List<String> chosen =
        modes.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    if (chosen.size() != 1) {
      throw VerbFailure.usage(
          chosen.isEmpty()
              ? "one of -m -x -p -f -d -s -q is required"
              : String.join(" and ", chosen) + " cannot be used together");
    }
    return chosen.get(0);
  }

  /** Options that mean nothing in a mode are refused rather than silently ignored. */
  private void checkOptions(String mode) {
    boolean target = List.of("-m", "-x", "-p", "-f").contains(mode);
    boolean single = mode.equals("-m") || mode.equals("-x");
    refuse(cacheMsg != null && !single, "-c needs -m or -x");
    refuse(bodyMsg != null && !single, "-b needs -m or -x");
    refuse(cacheMsg != null && bodyMsg != null, "-c and -b cannot be used together");
    messageNumber("-c", cacheMsg);
    messageNumber("-b", bodyMsg);
    refuse(fast && !target && !mode.equals("-s"), "-F goes with -m, -x, -p, -f or -s");
    refuse(
        fast && (cacheMsg != null || bodyMsg != null || expunged || dump),
        "-F cannot be used with -c, -b, -e or -D: they read the messages");
    boolean perMessage = cacheMsg != null || bodyMsg != null;
    refuse(
        (expunged || headerOnly || dump) && (!target || perMessage),
        "-e, -H and -D go with -m, -x, -p or -f");
    refuse(expunged && headerOnly, "-e and -H cannot be used together");
    refuse(dump && (expunged || headerOnly), "-D cannot be used with -e or -H");
    refuse(sep != null && !dump && !mode.equals("-d"), "-S goes with -D or -d");
    refuse(numbersOnly && !mode.equals("-s"), "-n goes with -s");
    refuse(
        !subsystems.isEmpty() && !mode.equals("-s"),
        "unexpected argument: " + String.join(" ", subsystems));
  }

  /** A message number is a whole number from 1: anything else is a usage error, as picocli's. */
  private static void messageNumber(String option, String given) {
    if (given == null) {
      return;
    }
    try {
      if (Long.parseLong(given) >= 1) {
        return;
      }
    } catch (NumberFormatException e) {
      // said below, with the option
    }
    throw VerbFailure.usage(option + ": not a message number (1 or more): " + given);
  }

  private static void refuse(boolean condition, String message) {
    if (condition) {
      throw VerbFailure.usage(message);
    }
  }
}
