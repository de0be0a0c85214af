package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.InputFile;
import dev.msgstore.commands.cli.JsonLines;
import dev.msgstore.commands.cli.KeptRows;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mboxutil} (reference Table 71-26): lists, creates, deletes, renames and moves mailboxes,
 * expunges them, restores expunged messages, schedules cleanup, finds orphan and inactive accounts
 * and manages subscriptions. Every change is one or more {@link Store} commands; a change given a
 * list (a pattern, a file) is checked as a whole before anything is written. This class takes the
 * options, refuses those that mean nothing in the chosen mode and hands the mode's work to its
 * class ({@link ListMode}, {@link CreateMode}, ...), whose return value is the verb's {@link
 * #result()}: {@code -l} the {@link MailboxRow}s listed, {@code -c} the {@link CreatedMailbox}es,
 * {@code -d} the names deleted, {@code -r} the {@link RenamedMailbox}es, {@code -e} and {@code -C}
 * the {@link MailboxUids} expunged or purged, {@code -o} the {@link CleanupCandidate}s, {@code -R}
 * the {@link RestoredMessages}, {@code -S} the {@link SubscriptionEntry}s.
 */
@Command(
    name = "mboxutil",
    footer = "%nReference: Table 71-26, mboxutil Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List, create, delete, rename or move mailboxes; expunge, restore, clean up; subscriptions.",
      "Names are user/<userid>/<folder> (hosted domains: uid@domain); INBOX is case-insensitive."
    })
public final class MboxutilCommand implements Callable<Integer>, ResultVerb, JsonLines {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format; // -l, -o, -S

  @Option(names = "-l", description = "List mailboxes.")
  boolean list;

  @Option(names = "-c", description = "Create mailboxes (a name, or -f file).")
  boolean create;

  @Option(names = "-d", description = "Delete mailboxes (a name, -p, -P or -f file).")
  boolean delete;

  @Option(
      names = "-r",
      description = "Rename or move: old new [partition], or -f file of line pairs [partition].")
  boolean rename;

  @Option(names = "-e", description = "Expunge \\Deleted messages (all, -p or -P).")
  boolean expunge;

  @Option(names = "-C", description = "Schedule cleanup (purge) of expunged messages.")
  boolean cleanup;

  @Option(names = "-o", description = "List orphan and (with -t) inactive accounts.")
  boolean orphans;

  @Option(
      names = "-R",
      description =
          "Restore expunged messages not yet purged, under new UIDs and without \\Deleted"
              + " (so the next -e keeps them).")
  boolean restore;

  @Option(names = "-S", description = "List personal mailbox subscriptions.")
  boolean subscriptions;

  @Option(names = "-p", paramLabel = "pattern", description = "IMAP pattern (* and %%).")
  String pattern;

  @Option(names = "-P", paramLabel = "regexp", description = "Regular expression (RE2).")
  String regex;

  @Option(names = "-f", paramLabel = "file", description = "Names (or pairs, -r) from a file.")
  Path file;

  @Option(names = "-E", paramLabel = "encoding", description = "Mailbox name encoding.")
  String encoding;

  @Option(
      names = "-B",
      paramLabel = "bound",
      arity = "0..1",
      fallbackValue = " ",
      description = "Column separator for -l; a single space when -B is given alone.")
  String bound;

  @Option(names = "-s", description = "Print mailbox names only.")
  boolean namesOnly;

  @Option(names = "-x", description = "Also print path and ACL.")
  boolean extra;

  @Option(names = "-z", description = "Also print the mailbox count.")
  boolean count;

  @Option(names = "-D", description = "List deleted mailboxes.")
  boolean deleted;

  @Option(names = "-g", paramLabel = "num", description = "Minimum cleanup size (> 0).")
  Integer cleanupSize;

  @Option(names = "-n", description = "List subscriptions to non-existing mailboxes.")
  boolean nonExisting;

  @Option(names = "-u", description = "Unsubscribe subscriptions to non-existing mailboxes.")
  boolean unsubscribe;

  @Option(names = "-w", paramLabel = "file", description = "Save -o output to a file.")
  Path outputFile;

  @Option(
      names = "-t",
      paramLabel = "number",
      description = "-o: days without activity; -R: hours back to restore.")
  Integer age;

  @Option(
      names = "-X",
      paramLabel = "hours",
      description = "-o: exclude accounts appended to in the last hours (default 24).")
  Integer excludeHours;

  @Parameters(paramLabel = "mailbox", arity = "0..*", description = "Mailbox names.")
  List<String> names = new ArrayList<>();

  private Object result;

  @Override
  public Integer call() throws IOException {
    String mode = mode();
    NameCodec codec = NameCodec.of(encoding);
    PrintWriter out = root.context().out();
    checkOptions(mode);
    Path where = store.resolve(root.context());
    try (Store s = root.context().openStore(where, use(mode))) {
      result = run(mode, s, codec, out);
    }
    out.flush();
    return 0;
  }

  /** What the run listed or changed (see the class comment); null before it ran or if it failed. */
  @Override
  public Object result() {
    return result;
  }

  /**
   * Does the mode's work, prints what it prints, and returns its result. A failure over names read
   * from {@code -f file} quotes none of its lines (a store's refusal names the name it refused, and
   * that name is the file's content): see {@link InputFile#unquoted}.
   */
  private Object run(String mode, Store s, NameCodec codec, PrintWriter out) throws IOException {
    if (file == null) {
      return runMode(mode, s, codec, out);
    }
    try {
      return runMode(mode, s, codec, out);
    } catch (CommandLine.ParameterException e) {
      throw e; // a usage error: about the options, not the file
    } catch (RuntimeException | IOException e) {
      Optional<InputFile> input = InputFile.tryRead(file, codec.fileCharset());
      if (input.isEmpty()) {
        throw e; // it could not be read: its failure quotes none of it
      }
      // the name of a mailbox that exists is the store's, not only the file's
      String unquoted = input.get().unquote(message(e), n -> exists(s, codec, n));
      if (unquoted.equals(message(e))) {
        throw e; // it quotes nothing of the file
      }
      throw new VerbFailure(ExitCodes.of(e), unquoted);
    }
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? "" : e.getMessage();
  }

  private static boolean exists(Store s, NameCodec codec, String given) {
    try (ProjectionReader r = s.read()) {
      return r.mailbox(MailboxNames.canonical(codec.toInternal(given))).isPresent();
    } catch (RuntimeException e) {
      return false; // not a name at all
    }
  }

  private Object runMode(String mode, Store s, NameCodec codec, PrintWriter out)
      throws IOException {
    GivenNames given = new GivenNames(names, file, codec);
    return switch (mode) {
      case "-l" -> listMode(s, codec).print(out::println, new KeptRows<>(root.context()));
      case "-c" -> new CreateMode(s, author()).create(given);
      case "-d" -> new DeleteMode(s, author()).delete(pattern, regex, given);
      case "-r" -> new RenameMode(s, author()).rename(given);
      case "-e" ->
          new ExpungeMode(s, codec, author())
              .expunge(Selection.of(pattern, regex, codec), out::println);
      case "-C" ->
          new CleanupMode(s, codec, author())
              .cleanup(Selection.of(pattern, regex, codec), cleanupSize, out::println);
      case "-o" -> {
        List<CleanupCandidate> found =
            new OrphanMode(s, codec).find(new OrphanMode.Options(age, excludeHours));
        List<String> lines = found.stream().map(c -> OrphanMode.line(c, json())).toList();
        if (outputFile == null) {
          lines.forEach(out::println);
        } else {
          // The report the administrator asked for: written in a dry run too.
          MailboxFiles.write(outputFile, codec, lines);
        }
        yield found;
      }
      case "-R" -> {
        RestoredMessages restored = new RestoreMode(s, author()).restore(given, age);
        out.println(restored.line());
        yield restored;
      }
      case "-S" -> {
        List<SubscriptionEntry> subscriptions =
            new SubscriptionMode(s, author())
                .run(given, new SubscriptionMode.Options(nonExisting, unsubscribe));
        subscriptions.forEach(e -> out.println(SubscriptionMode.line(e, json())));
        yield subscriptions;
      }
      default -> throw new IllegalStateException(mode);
    };
  }

  /** Listings read; every other mode, and -S when it unsubscribes, changes the store. */
  private StoreUse use(String mode) {
    boolean reads = mode.equals("-l") || mode.equals("-o") || (mode.equals("-S") && !unsubscribe);
    return reads ? StoreUse.READS : StoreUse.WRITES;
  }

  private ListMode listMode(Store s, NameCodec codec) {
    Selection selection = Selection.of(pattern, regex, codec);
    return new ListMode(
        new MailboxRows(s, codec, selection, extra),
        new ListMode.Options(bound, namesOnly, extra, count, deleted, json()),
        ListMode.zone(root.context().env()));
  }

  private String mode() {
    Map<String, Boolean> modes = new LinkedHashMap<>();
    modes.put("-l", list);
    modes.put("-c", create);
    modes.put("-d", delete);
    modes.put("-r", rename);
    modes.put("-e", expunge);
    modes.put("-C", cleanup);
    modes.put("-o", orphans);
    modes.put("-R", restore);
    modes.put("-S", subscriptions);
    List<String> chosen =
        modes.entrySet().stream().filter(Map.Entry::getValue).map(e -> e.getKey()).toList();
    if (chosen.size() != 1) {
      throw VerbFailure.usage(
          chosen.isEmpty()
              ? "one of -l -c -d -r -e -C -o -R -S is required"
              : String.join(" and ", chosen) + " cannot be used together");
    }
    return chosen.get(0);
  }

  /** Options that mean nothing in a mode are refused rather than silently ignored. */
  private void checkOptions(String mode) {
    Map<String, Boolean> given = new LinkedHashMap<>();
    given.put("-p", pattern != null);
    given.put("-P", regex != null);
    given.put("-f", file != null);
    given.put("-B", bound != null);
    given.put("-s", namesOnly);
    given.put("-x", extra);
    given.put("-z", count);
    given.put("-D", deleted);
    given.put("-g", cleanupSize != null);
    given.put("-n", nonExisting);
    given.put("-u", unsubscribe);
    given.put("-w", outputFile != null);
    given.put("-t", age != null);
    given.put("-X", excludeHours != null);
    given.put("--format", format.json());
    Set<String> allowed =
        switch (mode) {
          case "-l" -> Set.of("-p", "-P", "-B", "-s", "-x", "-z", "-D", "--format");
          case "-c" -> Set.of("-f");
          case "-d" -> Set.of("-p", "-P", "-f");
          case "-r" -> Set.of("-f");
          case "-e", "-C" -> Set.of("-p", "-P", "-g");
          case "-o" -> Set.of("-w", "-t", "-X", "--format");
          case "-R" -> Set.of("-t");
          case "-S" -> Set.of("-n", "-u", "-f", "--format");
          default -> Set.of();
        };
    for (var e : given.entrySet()) {
      if (e.getValue() && !allowed.contains(e.getKey())) {
        throw VerbFailure.usage(e.getKey() + " cannot be used with " + mode);
      }
    }
    if (mode.equals("-e") && cleanupSize != null) {
      throw VerbFailure.usage("-g cannot be used with -e");
    }
    if (pattern != null && regex != null) {
      throw VerbFailure.usage("-p and -P cannot be used together");
    }
    if (namesOnly && extra) {
      throw VerbFailure.usage("-s and -x cannot be used together");
    }
    if (deleted && extra) {
      throw VerbFailure.usage("-x cannot be used with -D: a deleted mailbox has no path or ACL");
    }
    boolean takesNames =
        mode.equals("-c") || mode.equals("-d") || mode.equals("-r") || mode.equals("-R");
    if (!takesNames && !names.isEmpty()) {
      throw VerbFailure.usage("unexpected argument for " + mode + ": " + names.get(0));
    }
    if (nonExisting && unsubscribe) {
      throw VerbFailure.usage("-n and -u cannot be used together");
    }
    if (unsubscribe && file == null) {
      throw VerbFailure.usage("-S -u needs -f file (the list -S -n wrote)");
    }
    if (age != null && age < 0) {
      throw VerbFailure.usage("-t must not be negative");
    }
    if (excludeHours != null && excludeHours < 0) {
      throw VerbFailure.usage("-X must not be negative");
    }
    if (cleanupSize != null && cleanupSize <= 0) {
      throw VerbFailure.usage("-g must be greater than 0");
    }
  }

  private boolean json() {
    return format.json();
  }

  private Author author() {
    return root.context().author();
  }
}
