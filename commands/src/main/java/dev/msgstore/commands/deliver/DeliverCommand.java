package dev.msgstore.commands.deliver;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.ModifiedUtf7;
import dev.msgstore.store.Store;
import dev.msgstore.store.delivery.DeliveryRules;
import dev.msgstore.store.delivery.Recipients;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deliver} (reference Table 71-3 and 71-4): reads one RFC 822 message from standard input
 * and delivers it to each user named, or with {@code -p} to every existing user matching a pattern.
 * Silent on success, as an MTA expects; one line on standard error per recipient that did not get
 * the message, and the first failure's sysexits code (75, "try again later", when over quota). Its
 * {@link #result()} is the {@link Delivery}: where each copy went, or why it did not.
 */
@Command(
    name = "deliver",
    footer = "%nReference: Table 71-3, deliver Options, and Table 71-4, its debugging options.",
    separator = " ",
    sortOptions = false,
    customSynopsis = {
      "deliver [-h] [-r address] [-m folder] [-E encoding] [-g flag]... [-qcpx]",
      "        [-t seconds] [--store DIR] [--dry-run] [--format text|json]",
      "        userid... | pattern"
    },
    descriptionHeading = "%n",
    parameterListHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Deliver the message on standard input to the INBOX of each userid, or with -p to every"
          + " existing user matching the pattern.",
      "",
      "The message (RFC 822) is stored as it came, byte for byte (8-bit header bytes, bare LF line ends and"
          + " a missing Message-ID included), and its body once per partition however many"
          + " recipients. Input that is not a message (empty, a first line that is not a header"
          + " field, no blank line ending the header within 256 KiB) is refused and nothing is"
          + " stored (exit 65).",
      "",
      "A userid the store does not know yet gets its INBOX created by the first delivery; a"
          + " userid that cannot be one (containing '/', '*', '%%' or control characters)"
          + " and a user whose status is removed or deleted get nothing (exit 67); a user whose"
          + " status is inactive or hold, or who is over quota, gets nothing for now (exit 75, so"
          + " that the MTA tries again). The other recipients still get the message.",
      "",
      "Prints nothing on success (but the rate with -t). Exit: 0 when every recipient got the"
          + " message, else the first failure's sysexits code; 64 for a usage error.",
      "",
      "While the store's daemon runs, the message goes to it over run/lmtp.sock (LMTP) and the"
          + " exit code is its reply's: 75 for 4xx, 67 for unknown, removed or deleted users. -m,"
          + " -c, -g, -q, -p, -t, a user id the store does not know yet and MSGSTORE_DELIVER=local"
          + " deliver in-process, as without a daemon. A copy the daemon stores starts with a"
          + " Return-Path line (-r, else <>)."
    })
public final class DeliverCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;
  @Spec CommandSpec spec;

  /** Where the message comes from: standard input, unless a test or script says otherwise. */
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Displays usage.")
  boolean help;

  @Option(
      names = "-r",
      paramLabel = "address",
      description =
          "Inserts a 'Return-Path: <address>' header line at the top of the stored message (with"
              + " the message's own line end). -r '' gives the null path <>.")
  String returnPath;

  @Option(
      names = "-m",
      paramLabel = "folder",
      description =
          "Delivers to the user's folder (user/<userid>/<folder>) instead of INBOX if the folder"
              + " exists or -c is given; otherwise to INBOX. No ACL is checked: deliver is the"
              + " administrator's tool.")
  String folder;

  @Option(
      names = "-E",
      paramLabel = "encoding",
      description =
          "Encoding of the -m folder name: IMAP-mailbox-name or M-UTF-7 (the default: the name is"
              + " already modified UTF-7, as the store keeps names), or UTF-8 (converted to"
              + " modified UTF-7, RFC 3501 5.1.3).")
  String encoding;

  @Option(
      names = "-g",
      paramLabel = "flag",
      description =
          "Sets the flag on the delivered message; may be given several times. System flags by"
              + " name, in any case (\\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft, ...),"
              + " any other atom is a keyword ($Label1, NonJunk).")
  List<String> flags = new ArrayList<>();

  @Option(names = "-q", description = "Disables the quota check.")
  boolean noQuota;

  @Option(
      names = "-c",
      description = "Creates the -m folder if it does not exist (INBOX is created automatically).")
  boolean create;

  @Option(
      names = "-p",
      description =
          "The arguments are patterns: * matches any characters ('*', '*@example.com'). Delivers"
              + " to every existing user that matches: active users of the directory and owners of"
              + " a user/<userid>/INBOX (see mboxutil -lp 'user/<pattern>/INBOX').")
  boolean patterns;

  @Option(
      names = "-x",
      description =
          "Accepted and ignored: the reference's Indexed Search Converter callout. This store has"
              + " no external indexer to call.")
  boolean indexerCallout;

  @Option(
      names = "-t",
      paramLabel = "seconds",
      description =
          "Load mode: delivers as many copies of the message as possible to the userid(s) within"
              + " that many seconds, then prints how many and the rate (copies/s).")
  Double loadSeconds;

  @Parameters(
      arity = "1..*",
      paramLabel = "userid",
      description = "User ids (uid or uid@domain), or with -p patterns.")
  List<String> users = new ArrayList<>();

  private Delivery result;

  @Override
  public Integer call() throws IOException {
    Deliverer.Settings settings = settings();
    MessageHead head = MessageHead.read(root.context().in());
    Optional<Delivery> handedOff = viaDaemon(head);
    Delivery d =
        handedOff.isPresent()
            ? handedOff.get()
            : deliver(settings, head.parsed(), root.context().in());
    result = d;
    PrintWriter err = root.context().err();
    for (Delivery.Recipient r : d.recipients()) {
      if (!r.delivered()) {
        err.println("deliver: " + (r.user().isEmpty() ? "" : r.user() + ": ") + r.problem());
      }
    }
    err.flush();
    d.load()
        .ifPresent(
            l -> {
              long mailboxes = d.recipients().stream().filter(r -> !r.mailbox().isEmpty()).count();
              root.context().out().println(l.line((int) mailboxes));
            });
    return d.exitCode();
  }

  /** What the run delivered; null before it ran or when the input was refused. */
  @Override
  public Delivery result() {
    return result;
  }

  /**
   * Delivers the message read from {@code message} as the options say, and reports per recipient.
   * Throws {@link ParameterException} for a usage error (64) and {@link VerbFailure} for input that
   * is not a message (65): then nothing is stored.
   */
  private Delivery deliver(Deliverer.Settings settings, MessageHead head, InputStream message)
      throws IOException {
    try (Store s = root.context().openStore(store.resolve(root.context()), StoreUse.WRITES);
        DeliveryRules rules = DeliveryRules.of(s)) {
      return new Deliverer(s, root.context().author(), settings, rules)
          .deliver(users, head, message);
    }
  }

  /**
   * The delivery through the running daemon ({@link LmtpHandOff}), or empty when deliver stores the
   * message itself: no daemon answers, or the run is one LMTP cannot carry. A run from a script or
   * a test that reads the result (the UIDs), {@code MSGSTORE_DELIVER=local}, a dry run, -p
   * (patterns are the store's to expand), -t (load mode measures this process's store) and the
   * options LMTP has no word for (-m, -c, -g, -q) stay in-process, where their rules are.
   */
  private Optional<Delivery> viaDaemon(MessageHead head) throws IOException {
    CliContext ctx = root.context();
    if (ctx.keepsResults()
        || LmtpHandOff.LOCAL.equals(ctx.env().get(LmtpHandOff.MODE_VARIABLE))
        || ctx.isDryRun()
        || patterns
        || loadSeconds != null
        || folder != null
        || create
        || !flags.isEmpty()
        || noQuota) {
      return Optional.empty();
    }
    List<String> recipients = List.copyOf(new LinkedHashSet<>(users));
    for (String u : recipients) {
      if (Recipients.userProblem(u).isPresent()) {
        return Optional.empty(); // deliver's own line and exit for a name that is no user id
      }
    }
    return LmtpHandOff.deliver(
        LmtpHandOff.socket(store.resolve(ctx)), returnPath, recipients, head, ctx.in());
  }

  private Deliverer.Settings settings() {
    if (loadSeconds != null && !(loadSeconds > 0 && loadSeconds <= 86_400)) {
      throw usage("-t: a number of seconds above 0 (and at most 86400), not " + loadSeconds);
    }
    if (returnPath != null && returnPath.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw usage("-r: the address contains a control character");
    }
    if (patterns) {
      for (String p : users) {
        if (p.isEmpty()) {
          throw usage("-p: an empty pattern");
        }
      }
    }
    EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
    Map<String, String> keywords = new LinkedHashMap<>(); // in the order given, once each
    for (String g : flags) {
      Optional<SystemFlag> f = SystemFlag.ofImapName(g);
      if (f.isPresent()) {
        if (f.get() == SystemFlag.RECENT) {
          throw usage("-g: \\Recent cannot be set: the store decides it per session");
        }
        system.add(f.get());
      } else if (g.startsWith("\\")) {
        throw usage("-g: unknown system flag " + g + " (known: " + known() + ")");
      } else if (!isAtom(g)) {
        throw usage("-g: not a valid IMAP keyword (an atom): '" + g + "'");
      } else {
        keywords.putIfAbsent(g.toLowerCase(Locale.ROOT), g);
      }
    }
    return new Deliverer.Settings(
        folder(),
        create,
        system,
        List.copyOf(keywords.values()),
        returnPath,
        noQuota,
        patterns,
        loadSeconds == null ? 0 : loadSeconds);
  }

  /** The -m folder in modified UTF-7, as the store names mailboxes; null for INBOX. */
  private String folder() {
    if (folder == null) {
      if (encoding != null) {
        encoding(); // still check it
      }
      return null;
    }
    if (folder.isEmpty()) {
      throw usage("-m: an empty folder name");
    }
    String name;
    if (encoding().equals("UTF-8")) {
      name = ModifiedUtf7.encode(folder);
    } else {
      try {
        ModifiedUtf7.decode(folder);
      } catch (IllegalArgumentException e) {
        throw usage(
            "-m: '"
                + folder.replaceAll("\\p{Cntrl}", "?")
                + "' is not an IMAP mailbox name (modified UTF-7): "
                + e.getMessage()
                + "; give -E UTF-8 for a name in UTF-8");
      }
      name = folder;
    }
    MailboxNames.problem(MailboxNames.USER_PREFIX + "u/" + name)
        .ifPresent(
            p -> {
              throw usage("-m: not a valid folder name: " + name);
            });
    return name;
  }

  /** A usage error: one line naming the problem, then the usage line (exit 64). */
  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** "UTF-8" or "M-UTF-7" from the -E option. */
  private String encoding() {
    if (encoding == null) {
      return "M-UTF-7";
    }
    return switch (encoding.toUpperCase(Locale.ROOT)) {
      case "IMAP-MAILBOX-NAME", "M-UTF-7", "MUTF-7" -> "M-UTF-7";
      case "UTF-8", "UTF8" -> "UTF-8";
      default ->
          throw usage(
              "-E: unknown encoding '" + encoding + "' (IMAP-mailbox-name, M-UTF-7 or UTF-8)");
    };
  }

  private static String known() {
    List<String> names = new ArrayList<>();
    for (SystemFlag f : SystemFlag.values()) {
      if (f != SystemFlag.RECENT) {
        names.add(f.imapName());
      }
    }
    return String.join(" ", names);
  }

  /** An IMAP atom (RFC 3501 section 9): what a keyword may be. */
  static boolean isAtom(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
