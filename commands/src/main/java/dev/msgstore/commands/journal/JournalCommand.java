package dev.msgstore.commands.journal;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.Candidates;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.JsonLines;
import dev.msgstore.commands.cli.KeptRows;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitFrames;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalArchive;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.AuditReader;
import dev.msgstore.projections.AuditSubjects;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The audit view: every commit in the journal (who, when, with which command, and what changed),
 * filtered, as readable lines or one JSON object per line. Its {@link #result()} is the {@link
 * JournalEntry}s shown.
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = {
      "Show the journal: every change to the store with its time, actor and command line.",
      "Times are ISO-8601: 2026-11-28T10:00:00Z, 2026-11-28T10:00 (local) or 2026-11-28."
    })
public final class JournalCommand implements Callable<Integer>, ResultVerb, JsonLines {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(names = "--json", description = "The same as --format json.")
  boolean json;

  @Option(names = "--since", paramLabel = "TIME", description = "Only commits at or after TIME.")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only commits at or before TIME.")
  String until;

  @Option(
      names = "--actor",
      description =
          "Only commits by this actor (OS user, login, script); under sudo, the person or the"
              + " user it ran as.")
  String actor;

  @Option(
      names = "--mailbox",
      paramLabel = "PATTERN",
      description = "Only events on mailboxes matching this IMAP pattern (* and %%).")
  String mailbox;

  @Option(names = "--user", description = "Only events concerning this user.")
  String user;

  @Option(
      names = "--type",
      completionCandidates = Candidates.EventTypes.class,
      description = "Only events of this type (e.g. message.appended) or area (e.g. acl).")
  String type;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep showing new commits as they come.")
  boolean follow;

  @Option(
      names = "--archive",
      paramLabel = "DIR",
      description =
          "Read the journal cycles archived in DIR (msgstore journalarchive) instead of the"
              + " store's journal, with the same filters and output.")
  String archive;

  private List<JournalEntry> result;

  private boolean indexAlone;

  /**
   * A file the verb appends its timing to, when set (bench --only audit): the measure of a fresh
   * process's first query, from inside.
   */
  public static final String TIMING = "msgstore.journal.timing";

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    PrintWriter out = root.context().out();
    // --follow runs until interrupted and keeps nothing: an endless run must not fill the heap.
    KeptRows<JournalEntry> shown = new KeptRows<>(root.context());
    scan(
        e -> {
          out.println(json || format.json() ? JournalFormat.json(e) : JournalFormat.line(e));
          out.flush();
          if (!follow) {
            shown.add(e);
          }
        },
        follow);
    result = follow ? null : shown.rows();
    String timing = System.getProperty(TIMING);
    if (timing != null) {
      QueryTiming.append(Path.of(timing), started, indexOpenedNanos, System.nanoTime(), indexAlone);
    }
    return 0;
  }

  /** The commits shown, in journal order; null before the run, if it failed, or with --follow. */
  @Override
  public List<JournalEntry> result() {
    return result;
  }

  private void scan(Consumer<JournalEntry> sink, boolean keepFollowing)
      throws InterruptedException {
    JournalFilter filter = filter();
    if (archive != null) {
      if (keepFollowing) {
        throw VerbFailure.usage("--follow reads the live journal: it cannot go with --archive");
      }
      try (JournalArchive.Opened a = JournalArchive.open(Path.of(archive))) {
        scan(a.journal(), filter, sink, false);
      } catch (java.io.IOException e) {
        throw new VerbFailure(66, "no archived journal cycles (*.cq4.gz) in " + archive);
      }
      return;
    }
    Path storeRoot = store.resolve(root.context());
    Path dir = StoreLayout.journal(storeRoot);
    if (!Files.isDirectory(dir)) {
      throw new VerbFailure(66, "no journal in " + dir.getParent().toAbsolutePath());
    }
    if (filter.filters() && !keepFollowing) {
      indexed(filter, storeRoot, sink);
      return;
    }
    try (Journal journal = Journal.open(dir)) {
      scan(journal, filter, sink, keepFollowing);
    }
  }

  /**
   * Every commit of {@code journal} from its start, filtered: the scan, for no filter (every commit
   * is shown), for --follow, and for an archive.
   */
  public static void scan(
      Journal journal, JournalFilter filter, Consumer<JournalEntry> sink, boolean keepFollowing)
      throws InterruptedException {
    Map<Long, String> names = new HashMap<>();
    try (JournalCursor cursor = journal.cursor()) {
      cursor.seekAfter(Journal.NO_INDEX);
      while (true) {
        // a host that runs the verb in its own thread (the shell, on Ctrl-C) stops it here, as a
        // long journal may never leave the loop for the wait below
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted");
        }
        Commit c = cursor.next();
        if (c == null) {
          if (!keepFollowing) {
            return;
          }
          Thread.sleep(200);
          continue;
        }
        JournalEntry e = entryOf(c, filter, names);
        if (e != null) {
          sink.accept(e);
        }
      }
    }
  }

  /**
   * The filtered commits read where the audit index points. When the index answers for the whole
   * journal already, it is read on its own (read-only) and the commits with plain file reads: no
   * store, no projections' open, no Chronicle queue, which cost a fresh process most of its time.
   * Otherwise the store is opened and the index caught up to the end of the journal first (an older
   * store's cache is rebuilt at open, the index with it), so the answer is the scan's.
   */
  private void indexed(JournalFilter filter, Path storeRoot, Consumer<JournalEntry> sink)
      throws InterruptedException {
    indexAlone = fromIndexAlone(storeRoot, filter, sink);
    if (indexAlone) {
      return;
    }
    try (Store s = root.context().openStore(storeRoot, StoreUse.READS)) {
      indexed(s, filter, sink);
    }
  }

  /** When {@link #fromIndexAlone} last had the index open (or found it behind): for timings. */
  static volatile long indexOpenedNanos;

  /**
   * The commits {@code filter} shows, from the audit index opened on its own and plain reads of the
   * journal's files, when the index answers for the whole journal ({@link AuditReader#openCurrent})
   * and this JVM has no store open there; returns false, having shown nothing, otherwise. The
   * entries are held until the index file is known not to have changed while it was read.
   */
  static boolean fromIndexAlone(Path storeRoot, JournalFilter filter, Consumer<JournalEntry> sink)
      throws InterruptedException {
    Path journalDir = StoreLayout.journal(storeRoot);
    boolean[] answered = {false};
    InterruptedException[] interrupted = {null};
    Store.unlessOpen(
        storeRoot,
        () -> {
          Optional<AuditReader> current =
              AuditReader.openCurrent(StoreLayout.projections(storeRoot), journalDir);
          indexOpenedNanos = System.nanoTime();
          if (current.isPresent()) {
            // held until the index is known to be unchanged meanwhile (read without a lock)
            List<JournalEntry> found = new ArrayList<>();
            try (AuditReader r = current.get();
                CommitFrames frames = new CommitFrames(journalDir)) {
              read(r, frames, filter, found::add);
              answered[0] = r.stillCurrent();
            } catch (AuditReader.Unreadable e) {
              answered[0] = false;
            } catch (InterruptedException e) {
              interrupted[0] = e;
            }
            if (answered[0]) {
              found.forEach(sink);
            }
          }
        });
    if (interrupted[0] != null) {
      throw interrupted[0];
    }
    return answered[0];
  }

  /** The commits {@code filter} shows, read where the audit index of {@code s} points. */
  public static void indexed(Store s, JournalFilter filter, Consumer<JournalEntry> sink)
      throws InterruptedException {
    // the index is brought up to the journal's end by whoever asks (see catchUpAudit)
    s.projections().catchUpAudit(s.journal());
    try (ProjectionReader pr = s.read();
        AuditReader r = pr.audit();
        CommitFrames frames = new CommitFrames(s.journal().directory())) {
      read(r, frames, filter, sink);
    }
  }

  private static void read(
      AuditReader r, CommitFrames frames, JournalFilter filter, Consumer<JournalEntry> sink)
      throws InterruptedException {
    boolean[] interrupted = {false};
    r.candidates(
        filter.query(),
        (index, position) -> {
          if (Thread.interrupted()) {
            interrupted[0] = true;
            return false;
          }
          // null: its cycle is archived (journal --archive shows it), or it was voided since
          Commit c = frames.read(index, position);
          if (c == null) {
            return true;
          }
          Map<Long, String> names = new HashMap<>();
          for (Event e : c.events()) {
            AuditSubjects.mailboxIdOf(e)
                .filter(id -> !names.containsKey(id))
                .ifPresent(id -> r.mailboxNameBefore(id, index).ifPresent(n -> names.put(id, n)));
          }
          JournalEntry e = entryOf(c, filter, names);
          if (e != null) {
            sink.accept(e);
          }
          return true;
        });
    if (interrupted[0]) {
      throw new InterruptedException("interrupted");
    }
  }

  /**
   * The events of {@code c} that {@code filter} shows, or null for none; {@code names} holds the
   * mailbox names as of just before {@code c} and is brought past it.
   */
  static JournalEntry entryOf(Commit c, JournalFilter filter, Map<Long, String> names) {
    List<Event> shown = new ArrayList<>();
    Map<Long, String> shownNames = new HashMap<>();
    boolean commitMatches = filter.accepts(c.meta());
    for (Event e : c.events()) {
      AuditSubjects.track(e, names);
      if (commitMatches && filter.accepts(e, names)) {
        shown.add(e);
        AuditSubjects.mailboxIdOf(e)
            .filter(names::containsKey)
            .ifPresent(id -> shownNames.put(id, names.get(id)));
      }
    }
    return shown.isEmpty() ? null : new JournalEntry(c.index(), c.meta(), shown, shownNames);
  }

  private JournalFilter filter() {
    if (type != null
        && !EventRegistry.isKnownName(type)
        && EventRegistry.types().stream().noneMatch(t -> t.name().startsWith(type + "."))) {
      throw VerbFailure.usage(
          "unknown event type '"
              + type
              + "'; known: "
              + String.join(", ", EventRegistry.types().stream().map(t -> t.name()).toList()));
    }
    return new JournalFilter(
        since == null ? null : Times.parseMicros(since, "--since", false),
        until == null ? null : Times.parseMicros(until, "--until", true),
        actor,
        mailbox == null ? null : new MailboxPattern(MailboxNames.canonical(mailbox)),
        user,
        type);
  }
}
