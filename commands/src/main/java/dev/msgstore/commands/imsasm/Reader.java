package dev.msgstore.commands.imsasm;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.imsasm.ImsasmCommand.Mapping;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.backup.BackupInput;
import dev.msgstore.store.backup.BackupRecord;
import dev.msgstore.store.backup.BackupStreamException;
import dev.msgstore.store.backup.Restore;
import dev.msgstore.store.backup.Restore.RestoredMailbox;
import dev.msgstore.store.backup.RestorePlan;
import java.io.BufferedInputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code imsasm -r} and {@code -c}: reads a save stream on standard input record by record.
 * Recovering restores each record's imsbackup stream as imsrestore does (one commit per mailbox),
 * under the name its path gives after {@code -m}, resolving a mailbox that exists by the overwrite
 * response ({@code -i}); comparing says, per record, whether the store holds what it saved.
 */
final class Reader {
  record Options(
      boolean dryRun,
      boolean verbose,
      boolean debug,
      String prefix,
      List<String> paths,
      List<Mapping> mappings,
      char response,
      String suffix) {}

  private final CliContext ctx;
  private final Path storeRoot;
  private final NameCodec codec;
  private final Options o;
  private final PrintWriter out;
  private final PrintWriter err;
  private final List<AsmReport.Entry> entries = new ArrayList<>();
  private final Map<String, Boolean> accountsBefore = new HashMap<>();
  private final Console console = System.console();
  private char current;
  private boolean toldNoTerminal;
  private long differing;
  private Store store;

  Reader(CliContext ctx, Path storeRoot, NameCodec codec, Options o) {
    this.ctx = ctx;
    this.storeRoot = storeRoot;
    this.codec = codec;
    this.o = o;
    this.out = ctx.out();
    this.err = ctx.err();
    this.current = o.response();
  }

  AsmReport recover() throws IOException {
    return read(true);
  }

  AsmReport compare() throws IOException {
    return read(false);
  }

  private AsmReport read(boolean recovering) throws IOException {
    SaveStreamInput in = new SaveStreamInput(new BufferedInputStream(ctx.in(), 256 * 1024));
    String mode = recovering ? "recover" : "compare";
    try (Store s =
        o.dryRun()
            ? null
            : ctx.openStore(storeRoot, recovering ? StoreUse.WRITES : StoreUse.READS)) {
      store = s;
      for (SaveRecord r = in.next(); r != null; r = in.next()) {
        String name = stripPrefix(r.name());
        if (o.debug()) {
          err.println(
              "imsasm: record "
                  + in.records()
                  + " "
                  + r.kind().name().toLowerCase(java.util.Locale.ROOT)
                  + " "
                  + r.name()
                  + " (user "
                  + r.user()
                  + (r.folder().isEmpty() ? "" : ", folder " + r.folder())
                  + (r.incremental() ? ", incremental" : "")
                  + ")");
        }
        if (!selected(name)) {
          entries.add(entry(r, null, "skipped", 0));
          continue;
        }
        if (o.verbose()) {
          err.println("imsasm: " + r.name());
        }
        try {
          if (o.dryRun()) {
            check(in.data(), r);
          } else if (recovering) {
            recover(r, name, in.data());
          } else {
            compare(r, in.data());
          }
        } catch (BackupStreamException e) {
          throw new VerbFailure(ExitCodes.DATA, "save stream, " + r.name() + ": " + e.getMessage());
        } catch (Restore.Stopped e) {
          throw new VerbFailure(ExitCodes.DATA, "save stream, " + r.name() + ": " + e.getMessage());
        }
        err.flush();
        out.flush();
      }
    } catch (SaveStreamInput.Damaged e) {
      out.flush();
      throw new VerbFailure(ExitCodes.DATA, "save stream, " + e.getMessage());
    }
    if (o.verbose() && !in.endMarker()) {
      err.println("imsasm: the stream has no end-of-save-stream boolean (saved with -e)");
    }
    if (!recovering || o.dryRun()) {
      out.println(
          "imsasm: "
              + in.records()
              + " records "
              + (o.dryRun() ? "checked" : "compared, " + differing + " differ"));
    } else {
      long done = entries.stream().filter(e -> e.outcome().startsWith("recovered")).count();
      out.println("imsasm: " + done + " of " + in.records() + " records recovered");
    }
    out.flush();
    err.flush();
    return new AsmReport(mode, entries, 0, 0, true, differing);
  }

  private String stripPrefix(String name) {
    if (o.prefix() != null && name.startsWith(o.prefix())) {
      return name.substring(o.prefix().length());
    }
    return name;
  }

  /** Only names with one of the paths given as a prefix (a whole component), if any is given. */
  private boolean selected(String name) {
    if (o.paths().isEmpty()) {
      return true;
    }
    for (String p : o.paths()) {
      String q = p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
      if (name.equals(q) || name.startsWith(q.equals("/") ? q : q + "/")) {
        return true;
      }
    }
    return false;
  }

  private AsmReport.Entry entry(SaveRecord r, String target, String outcome, long bytes) {
    return new AsmReport.Entry(
        r.name(), r.kind().name().toLowerCase(java.util.Locale.ROOT), target, outcome, bytes);
  }

  /** {@code -n}: every chunk, frame, body digest and trailer of the record is read and checked. */
  private void check(InputStream data, SaveRecord r) throws IOException {
    try (BackupInput b = BackupInput.open(data)) {
      long messages = 0;
      for (BackupRecord x = b.next(); x != null; x = b.next()) {
        if (x instanceof BackupRecord.Message) {
          messages++;
        }
      }
      entries.add(entry(r, r.mailbox(), "checked", messages));
    }
  }

  // --- recover

  /** Where a record goes: its user and folder, from its name after -m. */
  private record Destination(String user, String folder) {}

  private Destination destination(String name, SaveRecord r) {
    String mapped = name;
    for (Mapping m : o.mappings()) {
      if (name.startsWith(m.src())) {
        mapped = m.dst() + name.substring(m.src().length());
        break;
      }
    }
    if (mapped.equals(name)) {
      return new Destination(r.user(), r.folder());
    }
    String[] parts = mapped.split("/");
    int userAt = parts.length - 1 - r.depth();
    if (userAt < 0 || parts[userAt].isEmpty()) {
      throw new VerbFailure(
          ExitCodes.DATA, "-m: " + mapped + " has no user directory for " + r.name());
    }
    if (r.kind() != SaveRecord.Kind.MAILBOX) {
      return new Destination(parts[userAt], "");
    }
    String shown = String.join("/", List.of(parts).subList(userAt + 1, parts.length));
    if (shown.endsWith(".msg")) {
      shown = shown.substring(0, shown.length() - 4);
    }
    return new Destination(parts[userAt], codec.toInternal(shown));
  }

  private void recover(SaveRecord r, String name, InputStream data) throws IOException {
    Destination d = destination(name, r);
    String fromPrefix = MailboxNames.USER_PREFIX + r.user() + "/";
    String toPrefix = MailboxNames.USER_PREFIX + d.user() + "/";
    accountsBefore.computeIfAbsent(d.user(), this::accountExists);
    Function<String, String> rename;
    if (r.kind() == SaveRecord.Kind.ACCOUNT) {
      if (accountsBefore.get(d.user()) && !overwriteAccount(r, d.user())) {
        entries.add(entry(r, d.user(), "skipped: the account exists", 0));
        return;
      }
      rename = n -> n.startsWith(fromPrefix) ? toPrefix + n.substring(fromPrefix.length()) : null;
    } else {
      String source = r.kind() == SaveRecord.Kind.MAILBOX ? fromPrefix + r.folder() : fromPrefix;
      String target = r.kind() == SaveRecord.Kind.MAILBOX ? toPrefix + d.folder() : toPrefix;
      Map<String, String> decided = new HashMap<>();
      rename =
          n -> {
            if (!n.equals(source) && !n.startsWith(source.endsWith("/") ? source : source + "/")) {
              return null;
            }
            return decided.computeIfAbsent(n, k -> resolve(target + k.substring(source.length())));
          };
    }
    String user = r.user();
    String newUser = d.user();
    RestorePlan plan =
        new RestorePlan(
            (n, p) -> true,
            rename,
            u -> u.equals(user) ? newUser : u,
            null,
            false,
            false,
            false,
            false,
            true, // only a mailbox answered y is restored into as it exists: it ends as saved
            false);
    List<RestoredMailbox> done = new ArrayList<>();
    long[] accounts = {0};
    Restore.Listener listener =
        new Restore.Listener() {
          @Override
          public void restored(RestoredMailbox m) {
            done.add(m);
            if (m.refused() != null && !m.refused().equals("deleted")) {
              err.println(
                  "imsasm: " + r.name() + ": " + m.backedUp() + " not recovered: " + m.refused());
            }
          }

          @Override
          public void account(String userId, long events) {
            accounts[0]++;
          }
        };
    try (BackupInput b = BackupInput.open(data)) {
      BackupRecord first = b.next();
      if (!(first instanceof BackupRecord.Header h)) {
        throw new BackupStreamException(b.frame(), "no imsbackup header");
      }
      new Restore(store, ctx.author(), plan, listener).run(b, h);
    }
    long messages = done.stream().mapToLong(RestoredMailbox::messages).sum();
    List<String> targets =
        done.stream()
            .filter(m -> m.target() != null && m.refused() == null)
            .map(RestoredMailbox::target)
            .toList();
    String outcome;
    if (r.kind() == SaveRecord.Kind.ACCOUNT) {
      outcome = accounts[0] > 0 ? "recovered" : "skipped";
    } else if (targets.isEmpty()) {
      outcome = done.stream().anyMatch(m -> m.refused() != null) ? "refused" : "skipped";
    } else {
      outcome = "recovered";
    }
    String target =
        r.kind() == SaveRecord.Kind.ACCOUNT
            ? d.user()
            : targets.isEmpty() ? null : String.join(" ", targets);
    if (o.verbose() || !outcome.equals("recovered")) {
      out.println(
          outcome
              + " "
              + r.name()
              + (target == null ? "" : " as " + target)
              + (r.kind() == SaveRecord.Kind.ACCOUNT ? "" : ": " + messages + " messages"));
    }
    entries.add(entry(r, target, outcome, messages));
  }

  private boolean accountExists(String user) {
    try (ProjectionReader v = store.read()) {
      return v.user(user).isPresent()
          || !v.mailboxes(MailboxNames.USER_PREFIX + user + "/").isEmpty();
    }
  }

  private boolean exists(String mailbox) {
    try (ProjectionReader v = store.read()) {
      return v.mailbox(MailboxNames.canonical(mailbox)).isPresent();
    }
  }

  /** The answer for a conflict: the current response, or the one given at a prompt. */
  private char answer(String what) {
    if (Character.isLowerCase(current)) {
      if (console != null) {
        String line =
            console.readLine(
                "imsasm: %s exists: n, N, y, Y, r or R (rename as .%s)? [%c] ",
                what, o.suffix(), current);
        if (line != null && line.strip().matches("[nNyYrR]")) {
          current = line.strip().charAt(0);
        }
      } else if (!toldNoTerminal) {
        toldNoTerminal = true;
        err.println(
            "imsasm: no terminal to prompt on: each conflict takes the response '" + current + "'");
      }
    }
    return current;
  }

  /** An existing account: overwritten (y) or kept (n; r too: an account is not renamed). */
  private boolean overwriteAccount(SaveRecord r, String user) {
    char a = answer("account " + user);
    if (Character.toLowerCase(a) == 'r') {
      err.println("imsasm: " + r.name() + ": an account is not renamed; account " + user + " kept");
      return false;
    }
    return Character.toLowerCase(a) == 'y';
  }

  /** The name a mailbox is recovered under, or null (not recovered), by the overwrite response. */
  private String resolve(String target) {
    String candidate = target;
    for (int round = 0; round < 8 && exists(candidate); round++) {
      char a = answer(candidate);
      switch (Character.toLowerCase(a)) {
        case 'n' -> {
          return null;
        }
        case 'y' -> {
          return candidate;
        }
        default -> {
          if (Character.isUpperCase(a) && candidate.endsWith("." + o.suffix()) && console == null) {
            // R never renames a renamed name again: that could loop
            err.println(
                "imsasm: " + candidate + " exists and ends in ." + o.suffix() + "; not recovered");
            return null;
          }
          candidate = candidate + "." + o.suffix();
        }
      }
    }
    if (exists(candidate)) {
      err.println("imsasm: " + candidate + " exists; not recovered");
      return null;
    }
    return candidate;
  }

  // --- compare

  private void compare(SaveRecord r, InputStream data) throws IOException {
    List<String> diffs = new ArrayList<>();
    try (BackupInput b = BackupInput.open(data);
        ProjectionReader v = store.read()) {
      BackupRecord first = b.next();
      if (!(first instanceof BackupRecord.Header)) {
        throw new BackupStreamException(b.frame(), "no imsbackup header");
      }
      for (BackupRecord x = b.next(); x != null; x = b.next()) {
        switch (x) {
          case BackupRecord.Mailbox m -> compareMailbox(b, v, m, diffs);
          case BackupRecord.User u -> compareUser(v, u, diffs);
          case BackupRecord.Gone g -> {
            if (v.mailbox(MailboxNames.canonical(g.name())).isPresent()) {
              diffs.add(g.name() + " is gone in the save stream, not in the store");
            }
          }
          default -> throw new BackupStreamException(b.frame(), "a record out of place");
        }
      }
    }
    String outcome = diffs.isEmpty() ? "same" : "differs: " + String.join("; ", diffs);
    if (!diffs.isEmpty()) {
      differing++;
    }
    if (!diffs.isEmpty() || o.verbose()) {
      out.println(r.name() + ": " + outcome);
    }
    entries.add(entry(r, r.mailbox(), outcome, 0));
  }

  private void compareMailbox(
      BackupInput b, ProjectionReader v, BackupRecord.Mailbox m, List<String> diffs)
      throws IOException {
    TreeSet<String> saved = new TreeSet<>();
    for (BackupRecord x = b.next(); !(x instanceof BackupRecord.MailboxEnd); x = b.next()) {
      switch (x) {
        case BackupRecord.Message g -> {
          if (!g.expunged()) {
            saved.add(line(g.uid(), g.digest().hex(), g.flags(), g.keywords()));
          }
        }
        case BackupRecord.Kept k -> {
          if (!k.expunged()) {
            saved.add(line(k.uid(), k.digest().hex(), k.flags(), k.keywords()));
          }
        }
        case null -> throw new BackupStreamException(b.frame(), "the stream ends in a mailbox");
        default -> throw new BackupStreamException(b.frame(), "a record out of place");
      }
    }
    MailboxRecord here = v.mailbox(MailboxNames.canonical(m.name())).orElse(null);
    if (here == null) {
      diffs.add(m.name() + " is not in the store");
      return;
    }
    if (here.uidValidity() != m.uidValidity()) {
      diffs.add(
          m.name() + " UIDVALIDITY " + m.uidValidity() + ", in the store " + here.uidValidity());
    }
    TreeSet<String> stored = new TreeSet<>();
    v.forEachMessage(
        here.id(),
        0,
        msg -> stored.add(line(msg.uid(), msg.digest().hex(), msg.flags(), msg.keywords())));
    TreeSet<String> onlySaved = new TreeSet<>(saved);
    onlySaved.removeAll(stored);
    TreeSet<String> onlyStored = new TreeSet<>(stored);
    onlyStored.removeAll(saved);
    if (!onlySaved.isEmpty() || !onlyStored.isEmpty()) {
      diffs.add(
          m.name()
              + " "
              + onlySaved.size()
              + " messages only in the save stream (UIDs "
              + uids(onlySaved)
              + "), "
              + onlyStored.size()
              + " only in the store (UIDs "
              + uids(onlyStored)
              + ")");
    }
  }

  private static String uids(TreeSet<String> lines) {
    List<String> u = lines.stream().map(l -> l.substring(0, l.indexOf(' '))).limit(5).toList();
    return u.isEmpty() ? "-" : String.join(",", u) + (lines.size() > 5 ? ",..." : "");
  }

  private static String line(
      long uid, String digest, java.util.Set<?> flags, List<String> keywords) {
    return uid
        + " "
        + digest
        + " "
        + new TreeSet<>(flags.stream().map(Object::toString).toList())
        + " "
        + new TreeSet<>(keywords);
  }

  private void compareUser(ProjectionReader v, BackupRecord.User u, List<String> diffs) {
    var here = v.user(u.userId());
    if (here.isEmpty()) {
      diffs.add("account " + u.userId() + " is not in the store");
      return;
    }
    if (!here.get().status().equals(u.status())) {
      diffs.add(
          "account "
              + u.userId()
              + " status "
              + u.status()
              + ", in the store "
              + here.get().status());
    }
    QuotaRecord q = v.quota(u.userId());
    if (q.limitBytes() != u.quotaBytes() || q.limitMessages() != u.quotaMessages()) {
      diffs.add("account " + u.userId() + " quota limits differ");
    }
    TreeSet<String> subs = new TreeSet<>();
    v.subscriptions(u.userId()).forEach(s -> subs.add(s.mailbox()));
    if (!subs.equals(new TreeSet<>(u.subscriptions()))) {
      diffs.add("account " + u.userId() + " subscriptions differ");
    }
  }
}
