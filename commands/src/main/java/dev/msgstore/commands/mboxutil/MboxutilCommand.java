package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.Json;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.AppendMessage;
import dev.msgstore.store.command.CreateMailboxes;
import dev.msgstore.store.command.DeleteMailboxes;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.MoveAccount;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.command.RenameMailbox;
import dev.msgstore.store.command.RestoreExpunged;
import dev.msgstore.store.command.Subscribe;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mboxutil} (reference Table 71-26): lists, creates, deletes, renames and moves mailboxes,
 * expunges them, restores expunged messages, schedules cleanup, finds orphan and inactive accounts
 * and manages subscriptions. Every change is one or more {@link Store} commands; a change given a
 * list (a pattern, a file) is checked as a whole before anything is written.
 */
@Command(
    name = "mboxutil",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List, create, delete, rename or move mailboxes; expunge, restore, clean up; subscriptions.",
      "Names are user/<userid>/<folder> (hosted domains: uid@domain); INBOX is case-insensitive."
    })
public final class MboxutilCommand implements Callable<Integer> {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;

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

  @Option(names = "-R", description = "Restore expunged messages not yet purged.")
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

  @Option(names = "-B", paramLabel = "bound", description = "Column separator for -l.")
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

  @Option(
      names = "--format",
      paramLabel = "text|json",
      description = "Output layout of listings: the reference's (text) or one JSON object a line.")
  String format = "text";

  @Parameters(paramLabel = "mailbox", arity = "0..*", description = "Mailbox names.")
  List<String> names = new ArrayList<>();

  private NameCodec codec;
  private PrintWriter out;
  private long nowMillis = -1;

  @Override
  public Integer call() throws IOException {
    String mode = mode();
    codec = NameCodec.of(encoding);
    if (!format.equals("text") && !format.equals("json")) {
      throw VerbFailure.usage("--format must be text or json, not '" + format + "'");
    }
    out = root.context().out();
    checkOptions(mode);
    Path where = store.resolve(root.context());
    if (!Files.isDirectory(StoreLayout.journal(where))) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no store in " + where.toAbsolutePath());
    }
    try (Store s = Store.open(where)) {
      switch (mode) {
        case "-l" -> list(s, this::print);
        case "-c" -> create(s);
        case "-d" -> delete(s);
        case "-r" -> rename(s);
        case "-e" -> expunge(s);
        case "-C" -> cleanup(s);
        case "-o" -> orphans(s);
        case "-R" -> restore(s);
        case "-S" -> subscriptions(s);
        default -> throw new IllegalStateException(mode);
      }
    }
    out.flush();
    return 0;
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
    given.put("--format", !format.equals("text"));
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
    return format.equals("json");
  }

  private void print(String line) {
    out.println(line);
  }

  private Author author() {
    return root.context().author();
  }

  private long now() {
    if (nowMillis < 0) {
      nowMillis = System.currentTimeMillis();
    }
    return nowMillis;
  }

  private ZoneId zone() {
    String tz = root.context().env().get("TZ");
    if (tz != null && !tz.isBlank()) {
      try {
        return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
      } catch (DateTimeException e) {
        // an unknown TZ: the JVM's default, as date(1) would fall back to UTC
      }
    }
    return ZoneId.systemDefault();
  }

  // ---------------------------------------------------------------- -l

  /** The rows {@code -l} prints, for scripts: the same selection without printing. */
  public List<MailboxRow> rows() {
    codec = NameCodec.of(encoding);
    try (Store s = Store.open(store.resolve(root.context()))) {
      List<MailboxRow> rows = new ArrayList<>();
      Selection sel = Selection.of(pattern, regex, codec);
      if (deleted) {
        deletedRows(s, sel).forEach(rows::add);
      } else {
        liveRows(s, sel, rows::add);
      }
      return rows;
    }
  }

  private void list(Store s, Consumer<String> sink) {
    Selection sel = Selection.of(pattern, regex, codec);
    ListFormat fmt = new ListFormat(bound == null ? " " : bound, zone());
    if (!namesOnly && !json()) {
      sink.accept(fmt.header());
      sink.accept("");
    }
    long[] n = {0};
    Consumer<MailboxRow> printer =
        r -> {
          n[0]++;
          if (json()) {
            sink.accept(ListFormat.json(r, namesOnly, extra));
          } else if (namesOnly) {
            sink.accept(r.mailbox());
          } else {
            sink.accept(fmt.row(r));
            if (extra) {
              fmt.extra(r).forEach(sink);
            }
          }
        };
    if (deleted) {
      deletedRows(s, sel).forEach(printer);
    } else {
      liveRows(s, sel, printer);
    }
    if (count) {
      sink.accept(json() ? Json.line(Json.object("count", n[0])) : ListFormat.COUNT_LABEL + n[0]);
    }
  }

  /**
   * Streams the selected mailboxes in name order, except that each user's INBOX comes first among
   * that user's mailboxes (as in the reference's example). Only one user's rows are held at once.
   */
  private void liveRows(Store s, Selection sel, Consumer<MailboxRow> sink) {
    Partitions partitions = extra ? s.partitions() : null;
    try (ProjectionReader r = s.read()) {
      List<MailboxRecord> block = new ArrayList<>();
      String[] blockOwner = {null};
      r.forEachMailbox(
          sel.scanPrefix(),
          m -> {
            if (!m.name().startsWith(sel.scanPrefix())) {
              return false;
            }
            if (!sel.matches(m.name())) {
              return true;
            }
            String owner = m.owner().orElse(null);
            if (!block.isEmpty() && (owner == null || !owner.equals(blockOwner[0]))) {
              flush(r, block, partitions, sink);
            }
            blockOwner[0] = owner;
            block.add(m);
            return true;
          });
      flush(r, block, partitions, sink);
    }
  }

  private void flush(
      ProjectionReader r,
      List<MailboxRecord> block,
      Partitions partitions,
      Consumer<MailboxRow> sink) {
    block.sort(Comparator.comparing((MailboxRecord m) -> !isInbox(m.name())));
    for (MailboxRecord m : block) {
      sink.accept(row(r, m, partitions));
    }
    block.clear();
  }

  private static boolean isInbox(String name) {
    return MailboxNames.ownerOf(name).map(u -> name.equals(MailboxNames.inboxOf(u))).orElse(false);
  }

  private MailboxRow row(ProjectionReader r, MailboxRecord m, Partitions partitions) {
    long quota = -1;
    if (isInbox(m.name())) {
      long limit = r.quota(m.owner().orElseThrow()).limitBytes();
      quota = limit < 0 ? -1 : limit / 1024;
    }
    String path = null;
    List<dev.msgstore.projections.model.AclEntry> acl = null;
    if (partitions != null) {
      path = path(partitions, m);
      acl = r.acl(m.id());
    }
    return new MailboxRow(
        codec.toDisplay(m.name()),
        m.messages(),
        m.bytes(),
        m.lastAppend(),
        m.partition(),
        quota,
        path,
        acl,
        0,
        null);
  }

  /**
   * Where a mailbox lives: {@code <partition path>/=user/<hh>/<hh>/=<uid>} for the INBOX, with
   * {@code /=<folder>} for each level of other folders. {@code hh/hh} are the first two bytes of
   * the SHA-256 of the user id, in hex (the reference's own hash values cannot be reproduced).
   */
  static String path(Partitions partitions, MailboxRecord m) {
    Path base =
        partitions.exists(m.partition()) ? partitions.path(m.partition()) : Path.of(m.partition());
    StringBuilder sb = new StringBuilder(base.toString());
    Optional<String> owner = m.owner();
    String rest;
    if (owner.isPresent()) {
      byte[] h = sha256(owner.get());
      HexFormat hex = HexFormat.of();
      sb.append("/=user/")
          .append(hex.toHexDigits(h[0]))
          .append('/')
          .append(hex.toHexDigits(h[1]))
          .append("/=")
          .append(owner.get());
      String inbox = MailboxNames.inboxOf(owner.get());
      rest = m.name().equals(inbox) ? "" : m.name().substring(inbox.length() - "INBOX".length());
    } else {
      rest = m.name();
    }
    if (!rest.isEmpty()) {
      for (String level : rest.split("/")) {
        sb.append("/=").append(level);
      }
    }
    return sb.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code -D}: the journal is the record of deleted mailboxes. One scan keeps, per mailbox id,
   * only its current name and partition; a deleted mailbox's message counts are not kept (shown as
   * {@code -}) and the "last msg" column shows when it was deleted.
   */
  private List<MailboxRow> deletedRows(Store s, Selection sel) {
    Map<Long, String> partitionOf = new HashMap<>();
    List<MailboxRow> rows = new ArrayList<>();
    try (JournalCursor cursor = s.journal().cursor()) {
      cursor.seekAfter(Journal.NO_INDEX);
      for (Commit c = cursor.next(); c != null; c = cursor.next()) {
        for (Event e : c.events()) {
          switch (e) {
            case MailboxEvent.Created cr ->
                partitionOf.put(cr.mailboxId(), cr.partition().intern());
            case MailboxEvent.Renamed rn ->
                partitionOf.put(rn.mailboxId(), rn.newPartition().intern());
            case MailboxEvent.Deleted d -> {
              String partition = partitionOf.remove(d.mailboxId());
              if (sel.matches(d.name())) {
                rows.add(
                    new MailboxRow(
                        codec.toDisplay(d.name()),
                        -1,
                        -1,
                        0,
                        partition == null ? "-" : partition,
                        -1,
                        null,
                        null,
                        Math.max(1, c.meta().timeMicros()),
                        c.meta().actor() + " (" + c.meta().origin() + ")"));
              }
            }
            default -> {}
          }
        }
      }
    }
    // As -l: each user's INBOX first, then name order; a name deleted twice, oldest first.
    rows.sort(
        Comparator.comparing(
                (MailboxRow row) ->
                    isInbox(row.mailbox())
                        ? row.mailbox().substring(0, row.mailbox().length() - "INBOX".length())
                        : row.mailbox())
            .thenComparingLong(MailboxRow::deletedMicros));
    return rows;
  }

  // ---------------------------------------------------------------- -c -d -r

  /** The names a mode works on: the arguments, or the lines of -f file (blank lines skipped). */
  private List<String> readNames() {
    if (file == null) {
      return names;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, codec.fileCharset());
    } catch (IOException | UncheckedIOException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + file + ": " + reason(e));
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String t = l.strip();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      throw new VerbFailure(ExitCodes.DATA, file + " names no mailbox");
    }
    return out;
  }

  private static String reason(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    return switch (t) {
      case java.nio.file.NoSuchFileException n -> "no such file";
      case java.nio.file.AccessDeniedException a -> "permission denied";
      case java.nio.charset.CharacterCodingException c -> "not in " + "the -E encoding";
      default -> t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    };
  }

  /** A name given by the administrator, in internal form, checked for illegal characters. */
  private String internalName(String given) {
    String name = MailboxNames.canonical(codec.toInternal(given));
    MailboxNames.problem(name)
        .ifPresent(
            p -> {
              throw new VerbFailure(ExitCodes.DATA, p);
            });
    return name;
  }

  private static boolean knownUser(ProjectionReader r, String user) {
    return r.user(user).isPresent() || r.mailbox(MailboxNames.inboxOf(user)).isPresent();
  }

  private static VerbFailure unknownUser(String user) {
    return new VerbFailure(ExitCodes.NO_USER, "unknown user " + user);
  }

  private void create(Store s) {
    List<String> given = readNames();
    if (file != null && !names.isEmpty()) {
      throw VerbFailure.usage("-c takes a mailbox name or -f file, not both");
    }
    if (given.isEmpty()) {
      throw VerbFailure.usage("-c needs a mailbox name or -f file");
    }
    if (file == null && given.size() > 1) {
      throw VerbFailure.usage("-c takes one mailbox name (use -f file for more)");
    }
    List<String> internal = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      Set<String> inboxes = new HashSet<>();
      for (String g : given) {
        String name = internalName(g);
        Optional<String> owner = MailboxNames.ownerOf(name);
        if (owner.isPresent()) {
          String inbox = MailboxNames.inboxOf(owner.get());
          if (name.equals(inbox)) {
            inboxes.add(inbox);
          } else if (r.mailbox(inbox).isEmpty() && !inboxes.contains(inbox)) {
            throw new VerbFailure(
                ExitCodes.NO_USER,
                "unknown user " + owner.get() + ": create " + codec.toDisplay(inbox) + " first");
          }
        }
        internal.add(name);
      }
    }
    s.execute(author(), new CreateMailboxes(internal, null));
  }

  private void delete(Store s) {
    List<String> targets = new ArrayList<>();
    if (pattern != null || regex != null) {
      if (!names.isEmpty() || file != null) {
        throw VerbFailure.usage("-d takes one of: a mailbox name, -p, -P, -f file");
      }
      Selection sel = Selection.of(pattern, regex, codec);
      try (ProjectionReader r = s.read()) {
        Optional<String> owner = sel.singleOwner();
        if (owner.isPresent() && !knownUser(r, owner.get())) {
          throw unknownUser(owner.get());
        }
        r.forEachMailbox(
            sel.scanPrefix(),
            m -> {
              if (!m.name().startsWith(sel.scanPrefix())) {
                return false;
              }
              if (sel.matches(m.name())) {
                targets.add(m.name());
              }
              return true;
            });
      }
      if (targets.isEmpty()) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "no mailbox matches " + sel.shown());
      }
    } else {
      if (file != null && !names.isEmpty()) {
        throw VerbFailure.usage("-d takes one of: a mailbox name, -p, -P, -f file");
      }
      List<String> given = readNames();
      if (given.isEmpty()) {
        throw VerbFailure.usage("-d needs a mailbox name, -p pattern, -P regexp or -f file");
      }
      if (file == null && given.size() > 1) {
        throw VerbFailure.usage("-d takes one mailbox name (use -f file or -p for more)");
      }
      try (ProjectionReader r = s.read()) {
        for (String g : given) {
          String name = internalName(g);
          Optional<String> owner = MailboxNames.ownerOf(name);
          if (owner.isPresent() && !knownUser(r, owner.get())) {
            boolean anyMailbox =
                !r.mailboxes(MailboxNames.USER_PREFIX + owner.get() + "/").isEmpty();
            if (!anyMailbox) {
              throw unknownUser(owner.get());
            }
          }
          if (r.mailbox(name).isEmpty() && DeleteMailboxes.accountOf(name).isEmpty()) {
            throw Rejected.notFound("no such mailbox: " + g);
          }
          targets.add(name);
        }
      }
    }
    s.execute(author(), new DeleteMailboxes(targets));
  }

  private record Move(String from, String to, String shownFrom) {}

  private void rename(Store s) throws IOException {
    List<Move> moves = new ArrayList<>();
    String partition;
    if (file != null) {
      if (names.size() > 1) {
        throw VerbFailure.usage("-r -f file takes at most a partition, not " + names);
      }
      partition = names.isEmpty() ? null : names.get(0);
      List<String> lines = readNames();
      if (lines.size() % 2 != 0) {
        throw new VerbFailure(
            ExitCodes.DATA, file + ": " + lines.size() + " names, not pairs of old and new names");
      }
      for (int i = 0; i < lines.size(); i += 2) {
        moves.add(
            new Move(internalName(lines.get(i)), internalName(lines.get(i + 1)), lines.get(i)));
      }
    } else {
      if (names.size() < 2 || names.size() > 3) {
        throw VerbFailure.usage("-r takes old_name new_name [partition] or -f file [partition]");
      }
      partition = names.size() == 3 ? names.get(2) : null;
      moves.add(new Move(internalName(names.get(0)), internalName(names.get(1)), names.get(0)));
    }
    // Check every pair before anything is written.
    try (ProjectionReader r = s.read()) {
      Partitions known = Partitions.of(s.root(), r.configOverrides());
      if (partition != null && !known.exists(partition)) {
        throw Rejected.notFound("no such partition: " + partition);
      }
      Set<String> seenTargets = new HashSet<>();
      for (Move m : moves) {
        for (String name : List.of(m.from(), m.to())) {
          Optional<String> owner = MailboxNames.ownerOf(name);
          if (owner.isPresent() && !knownUser(r, owner.get())) {
            throw unknownUser(owner.get());
          }
        }
        boolean account =
            m.from().equals(m.to()) && DeleteMailboxes.accountOf(m.from()).isPresent();
        if (r.mailbox(m.from()).isEmpty() && !account) {
          throw Rejected.notFound("no such mailbox: " + m.shownFrom());
        }
        if (m.from().equals(m.to())) {
          if (partition == null) {
            throw VerbFailure.usage(
                "renaming " + m.shownFrom() + " onto itself: give a partition to move it");
          }
        } else if (r.mailbox(m.to()).isPresent() || !seenTargets.add(m.to())) {
          throw Rejected.exists("mailbox already exists: " + codec.toDisplay(m.to()));
        }
      }
    }
    for (Move m : moves) {
      Optional<String> account = DeleteMailboxes.accountOf(m.from());
      if (m.from().equals(m.to()) && account.isPresent()) {
        moveAccount(s, account.get(), partition);
      } else if (partition != null) {
        s.moveMailbox(author(), m.from(), m.to(), partition);
      } else {
        s.execute(author(), new RenameMailbox(m.from(), m.to(), null));
      }
    }
  }

  /** Copies the account's bodies to the new partition, then moves every mailbox in one commit. */
  private void moveAccount(Store s, String user, String partition) throws IOException {
    for (int attempt = 0; ; attempt++) {
      List<MailboxRecord> boxes = new ArrayList<>();
      try (ProjectionReader r = s.read()) {
        r.mailbox(MailboxNames.inboxOf(user)).ifPresent(boxes::add);
        r.forEachMailbox(MailboxNames.USER_PREFIX + user + "/", boxes::add);
        var target = s.bodies(partition);
        for (MailboxRecord m : boxes) {
          if (m.partition().equals(partition)) {
            continue;
          }
          for (MessageRecord msg : r.messages(m.id())) {
            if (!target.contains(msg.digest())) {
              try (InputStream in = s.openBody(m.partition(), msg.digest())) {
                target.put(in);
              }
            }
          }
        }
      }
      try {
        s.execute(author(), new MoveAccount(user, partition));
        return;
      } catch (AppendMessage.BodyNotInPartition missing) {
        if (attempt == 3) {
          throw missing;
        }
      }
    }
  }

  // ---------------------------------------------------------------- -e -C -R

  /** The mailboxes a selection names, in name order; an unknown user in the pattern is refused. */
  private List<MailboxRecord> selected(Store s, Selection sel) {
    List<MailboxRecord> out = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      Optional<String> owner = sel.singleOwner();
      if (owner.isPresent() && !knownUser(r, owner.get())) {
        throw unknownUser(owner.get());
      }
      r.forEachMailbox(
          sel.scanPrefix(),
          m -> {
            if (!m.name().startsWith(sel.scanPrefix())) {
              return false;
            }
            if (sel.matches(m.name())) {
              out.add(m);
            }
            return true;
          });
    }
    if (out.isEmpty() && !sel.all()) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no mailbox matches " + sel.shown());
    }
    return out;
  }

  private void expunge(Store s) {
    Selection sel = Selection.of(pattern, regex, codec);
    for (MailboxRecord m : selected(s, sel)) {
      Outcome o;
      try {
        o = s.execute(author(), Expunge.deleted(m.name()));
      } catch (Rejected gone) {
        if (gone.kind() == Rejected.Kind.NOT_FOUND) {
          continue; // deleted meanwhile
        }
        throw gone;
      }
      int n = o.eventsOf(MessageEvent.Expunged.class).stream().mapToInt(e -> e.uids().size()).sum();
      if (n > 0) {
        out.println(codec.toDisplay(m.name()) + ": " + n + " expunged");
      }
    }
  }

  /**
   * {@code -C}: cleanup removes for good (purges) the expunged messages of every selected mailbox
   * that holds at least {@code -g} of them (default {@code store.cleanupsize}, else 1), once they
   * are older than {@code store.cleanupage} hours (default 0).
   */
  private void cleanup(Store s) {
    Selection sel = Selection.of(pattern, regex, codec);
    long minimum;
    long ageHours;
    try (ProjectionReader r = s.read()) {
      minimum = cleanupSize != null ? cleanupSize : configNumber(r, "store.cleanupsize", 1);
      ageHours = configNumber(r, "store.cleanupage", 0);
    }
    long before = TimeUnit.MILLISECONDS.toMicros(now() - TimeUnit.HOURS.toMillis(ageHours)) + 1;
    for (MailboxRecord m : selected(s, sel)) {
      List<ExpungedMessage> expunged;
      try (ProjectionReader r = s.read()) {
        expunged = r.expunged(m.id());
      }
      if (expunged.size() < minimum) {
        continue;
      }
      Outcome o;
      try {
        o = s.execute(author(), new Purge(m.name(), before));
      } catch (Rejected gone) {
        if (gone.kind() == Rejected.Kind.NOT_FOUND) {
          continue;
        }
        throw gone;
      }
      int n = o.eventsOf(MessageEvent.Purged.class).stream().mapToInt(e -> e.uids().size()).sum();
      if (n > 0) {
        out.println(codec.toDisplay(m.name()) + ": " + n + " cleaned up");
      }
    }
  }

  private static long configNumber(ProjectionReader r, String option, long dflt) {
    String v = r.configOverride(option).orElse(null);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new VerbFailure(ExitCodes.DATA, option + " is not a number: " + v);
    }
  }

  private void restore(Store s) {
    if (names.size() != 1) {
      throw VerbFailure.usage("-R takes one mailbox name");
    }
    String name = internalName(names.get(0));
    try (ProjectionReader r = s.read()) {
      Optional<String> owner = MailboxNames.ownerOf(name);
      if (owner.isPresent() && !knownUser(r, owner.get())) {
        throw unknownUser(owner.get());
      }
    }
    long since =
        age == null ? 0 : TimeUnit.MILLISECONDS.toMicros(now() - TimeUnit.HOURS.toMillis(age));
    Outcome o = s.execute(author(), new RestoreExpunged(name, since));
    int n = o.eventsOf(MessageEvent.Restored.class).size();
    out.println(codec.toDisplay(name) + ": " + n + " restored");
  }

  // ---------------------------------------------------------------- -o

  /**
   * {@code -o}: accounts to clean up, one mailbox name a line (the format {@code -d -f} reads):
   * orphans (whose user the directory does not know, or has marked deleted or removed) and, with
   * {@code -t days}, inactive accounts (no message appended, no mailbox created, in that many days:
   * this store records no last access, so appends stand for activity). An account appears as its
   * INBOX; mailboxes of an owner without INBOX appear one by one. Accounts appended to within the
   * {@code -X} hours (default 24) are left out.
   */
  private void orphans(Store s) throws IOException {
    long now = now();
    long inactiveBefore = age == null ? Long.MIN_VALUE : now - TimeUnit.DAYS.toMillis(age);
    long recentAfter = now - TimeUnit.HOURS.toMillis(excludeHours == null ? 24 : excludeHours);
    List<String> found = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      String[] current = {null};
      List<MailboxRecord> block = new ArrayList<>();
      Consumer<List<MailboxRecord>> judge =
          b -> {
            if (b.isEmpty()) {
              return;
            }
            String owner = b.get(0).owner().orElseThrow();
            Optional<UserRecord> u = r.user(owner);
            boolean orphan =
                u.isEmpty()
                    || u.get().status().equals("deleted")
                    || u.get().status().equals("removed");
            long last = 0;
            for (MailboxRecord m : b) {
              last = Math.max(last, Math.max(m.lastAppend(), m.createdMicros() / 1000));
            }
            boolean inactive = last < inactiveBefore;
            if ((orphan || inactive) && last <= recentAfter) {
              Optional<MailboxRecord> inbox = b.stream().filter(m -> isInbox(m.name())).findFirst();
              if (inbox.isPresent()) {
                found.add(inbox.get().name());
              } else {
                b.forEach(m -> found.add(m.name()));
              }
            }
          };
      r.forEachMailbox(
          MailboxNames.USER_PREFIX,
          m -> {
            if (!m.name().startsWith(MailboxNames.USER_PREFIX)) {
              return false;
            }
            String owner = m.owner().orElse(null);
            if (owner == null) {
              return true;
            }
            if (!owner.equals(current[0])) {
              judge.accept(block);
              block.clear();
              current[0] = owner;
            }
            block.add(m);
            return true;
          });
      judge.accept(block);
    }
    found.sort(Comparator.naturalOrder());
    List<String> lines =
        found.stream()
            .map(codec::toDisplay)
            .map(n -> json() ? Json.line(Json.object("mailbox", n)) : n)
            .toList();
    if (outputFile == null) {
      lines.forEach(out::println);
      return;
    }
    try (Writer w = Files.newBufferedWriter(outputFile, codec.fileCharset())) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
    } catch (IOException e) {
      throw new VerbFailure(
          ExitCodes.CANNOT_CREATE, "cannot write " + outputFile + ": " + reason(e));
    }
  }

  // ---------------------------------------------------------------- -S

  /**
   * {@code -S}: personal subscriptions, a line each as {@code <userid> <mailbox>}, of every user or
   * of the owners of the mailboxes listed in {@code -f file} (such as {@code -o} writes). {@code
   * -n} keeps those to mailboxes that do not exist; {@code -u} unsubscribes those.
   */
  private void subscriptions(Store s) {
    List<String> users = new ArrayList<>();
    List<Subscription> chosen = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      if (file != null) {
        Set<String> seen = new HashSet<>();
        for (String line : readNames()) {
          String name = internalName(line);
          String owner =
              MailboxNames.ownerOf(name)
                  .orElseThrow(
                      () ->
                          new VerbFailure(
                              ExitCodes.DATA, file + ": not a personal mailbox name: " + line));
          if (r.user(owner).isEmpty() && r.subscriptions(owner).isEmpty()) {
            throw unknownUser(owner);
          }
          if (seen.add(owner)) {
            users.add(owner);
          }
        }
      } else {
        r.forEachUser("", u -> users.add(u.userId()));
      }
      for (String u : users) {
        for (Subscription sub : r.subscriptions(u)) {
          if ((nonExisting || unsubscribe) && r.mailbox(sub.mailbox()).isPresent()) {
            continue;
          }
          chosen.add(sub);
        }
      }
    }
    if (unsubscribe) {
      for (Subscription sub : chosen) {
        s.execute(author(), new Subscribe(sub.user(), sub.mailbox(), false));
      }
    }
    for (Subscription sub : chosen) {
      String name = codec.toDisplay(sub.mailbox());
      if (json()) {
        out.println(
            Json.line(
                Json.object("user", sub.user(), "mailbox", name, "unsubscribed", unsubscribe)));
      } else {
        out.println(sub.user() + " " + name);
      }
    }
  }
}
