package dev.msgstore.commands.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.Mounts;
import dev.msgstore.commands.bench.AuditJournal;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalArchive;
import dev.msgstore.projections.Projections;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.CreateMailbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * journalarchive moves only the cycles older than the window, never the one being written; what it
 * moved reads back through {@code journal --archive} as {@code journal} showed it before; the
 * projections open (and rebuild) without the archive.
 */
class JournalArchiveTest {
  private static final Author ADMIN = new Author("admin", "mboxutil -c", "mailhost", 1);

  @TempDir Path root;
  @TempDir Path archive;

  private final List<String> oldDays = new ArrayList<>();

  @BeforeEach
  void historyOverTenDays() {
    Store.open(root).close();
    AuditJournal history = new AuditJournal(11, 8);
    Instant now = Instant.now();
    for (int daysAgo : new int[] {10, 5, 1}) {
      Instant at = now.minus(Duration.ofDays(daysAgo));
      oldDays.add(LocalDate.ofInstant(at, ZoneOffset.UTC).toString().replace("-", ""));
      try (Journal j =
          Journal.openDatedBy(StoreLayout.journal(root), Clock.fixed(at, ZoneOffset.UTC))) {
        history.write(j, 60, daysAgo == 10 ? 3 : 0);
      }
    }
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/today/INBOX", null));
    }
  }

  @Test
  void movesOnlyCyclesOlderThanTheWindowAndReadsThemBack() throws Exception {
    String before = run("journal").out();
    String needleBefore = run("journal", "--user", AuditJournal.NEEDLE).out();
    String dumpBefore = dump();
    List<Path> cyclesBefore = JournalArchive.cycles(StoreLayout.journal(root));
    assertEquals(4, cyclesBefore.size(), cyclesBefore.toString());

    Result r = run("journalarchive", "--days", "3", "--dir", archive.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, r.out().lines().count(), r.out());
    List<String> archived = names(JournalArchive.cycles(archive));
    assertEquals(
        List.of(oldDays.get(0) + "F.cq4.gz", oldDays.get(1) + "F.cq4.gz"), archived, r.out());
    List<String> live = names(JournalArchive.cycles(StoreLayout.journal(root)));
    assertEquals(List.of(oldDays.get(2) + "F.cq4", names(cyclesBefore).get(3)), live);

    // the archived commits read back as journal showed them: the first 120 lines, and filtered
    String fromArchive = run("journal", "--archive", archive.toString()).out();
    assertEquals(120, fromArchive.lines().count());
    assertTrue(before.startsWith(fromArchive), fromArchive);
    String needleArchived =
        run("journal", "--archive", archive.toString(), "--user", AuditJournal.NEEDLE).out();
    assertEquals(3, needleArchived.lines().count());
    assertEquals(needleBefore, needleArchived, "the needle's commits were all on day -10");
    // the live journal no longer shows them, the index included
    assertEquals("", run("journal", "--user", AuditJournal.NEEDLE).out());
    assertEquals(
        before.substring(fromArchive.length()).lines().count(),
        run("journal").out().lines().count());

    // the projections never need the archive: deleted, they open from the base and the journal
    assertEquals(dumpBefore, dump());
    assertTrue(Projections.deleteIfUnused(StoreLayout.projections(root)));
    assertEquals(dumpBefore, dump(), "reopened from the base");
    try (Store s = Store.open(root)) {
      s.projections().rebuild(s.journal(), n -> {});
    }
    assertEquals(dumpBefore, dump(), "rebuilt in place from the base");
    // a store this process cannot write, its cache gone: the scratch copy starts from the base too
    assertTrue(Projections.deleteIfUnused(StoreLayout.projections(root)));
    Path readOnly = Files.createTempDirectory("msgstore-ro-");
    try {
      Mounts.bindReadOnly(root, readOnly);
      try {
        assertEquals(dumpBefore, dump(readOnly), "a read-only store, from a copy of the base");
      } finally {
        Mounts.umount(readOnly);
      }
    } finally {
      Files.delete(readOnly);
    }

    // the reading API: archive then live journal, every commit once, in order
    List<Long> all = new ArrayList<>();
    try (Journal j = Journal.open(StoreLayout.journal(root));
        JournalArchive.Opened a = JournalArchive.open(archive)) {
      JournalArchive.inOrder(
          List.of(a.journal(), j),
          dev.msgstore.journal.codec.CommitCodec.ALL_EVENTS,
          (Commit c) -> all.add(c.index()));
    }
    assertEquals(before.lines().count(), all.size());
    assertEquals(all.stream().sorted().distinct().toList(), all);
  }

  /**
   * A base written by another version (another projection layout) cannot be read: the archived
   * cycles stand in for it, from every directory journalarchive moved them to, and the base is
   * written anew. A directory the base lists that is gone stops the open with one line and changes
   * nothing. A restore reads every such directory too.
   */
  @Test
  void aBaseOfAnotherVersionIsRebuiltFromEveryArchiveDirectory() throws Exception {
    String at = Instant.now().minus(Duration.ofDays(3)).toString();
    Result restoreBefore = run("restore", "--at", at, "--dry-run", "user/needle");
    assertEquals(0, restoreBefore.exit(), restoreBefore.err());
    Path first = archive.resolve("first");
    Path second = archive.resolve("second");
    Result r = run("journalarchive", "--days", "6", "--dir", first.toString());
    assertEquals(0, r.exit(), r.err());
    r = run("journalarchive", "--days", "3", "--dir", second.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, JournalArchive.cycles(first).size(), r.out());
    assertEquals(1, JournalArchive.cycles(second).size(), r.out());
    Path projections = StoreLayout.projections(root);
    assertEquals(List.of(first, second), Projections.archiveDirectories(projections));
    // the audit index is built when asked, from the live journal: the base's has the archived
    // commits' too, which only the archive's reader can use
    String dumpBefore = withoutAudit(dump());
    Result restoreAfter = run("restore", "--at", at, "--dry-run", "user/needle");
    assertEquals(
        restoreBefore.exit() + "\n" + restoreBefore.out(),
        restoreAfter.exit() + "\n" + restoreAfter.out(),
        "the restore read both directories, neither of them the configured one");

    Path format = Projections.baseDirectory(projections).resolve("format");
    String current = Files.readString(format);
    Files.writeString(format, "msgstore-projections 3\n");
    assertTrue(Projections.deleteIfUnused(projections));
    assertEquals(dumpBefore, withoutAudit(dump()), "opened from the archive and the journal");
    assertEquals(current, Files.readString(format), "the base is written anew");
    assertEquals(List.of(first, second), Projections.archiveDirectories(projections));

    Files.writeString(format, "msgstore-projections 3\n");
    try (Store s = Store.open(root)) {
      s.projections().rebuild(s.journal(), n -> {});
    }
    assertEquals(
        dumpBefore, withoutAudit(dump()), "rebuilt in place from the archive and the journal");
    assertEquals(current, Files.readString(format));

    Files.writeString(format, "msgstore-projections 3\n");
    assertTrue(Projections.deleteIfUnused(projections));
    Path away = archive.resolve("away");
    Files.move(second, away);
    Result refused = run("mboxutil", "-l");
    assertEquals(74, refused.exit(), refused.err());
    assertEquals(1, refused.err().lines().count(), refused.err());
    assertTrue(refused.err().contains(second.toString()), refused.err());
    assertEquals("msgstore-projections 3\n", Files.readString(format), "the base is as it was");
    assertEquals(1, JournalArchive.cycles(first).size());
    Files.move(away, second);
    assertEquals(
        dumpBefore, withoutAudit(dump()), "put back, the archive rebuilds the projections");
  }

  @Test
  void neverTheCycleBeingWritten() throws Exception {
    List<Path> due =
        JournalArchive.due(
            StoreLayout.journal(root), 1, Instant.now().plus(Duration.ofDays(400)), null);
    assertEquals(3, due.size(), "all but the newest, however old");
    Result r = run("journalarchive", "--days", "1", "--dir", archive.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, JournalArchive.cycles(archive).size(), "yesterday's day is not yet a day old");
  }

  @Test
  void theOptionsChooseWindowAndDirectory() {
    Result none = run("journalarchive");
    assertEquals(0, none.exit(), none.err());
    assertEquals(
        "journalarchive: store.journal.archiveafter is 0: every journal cycle stays in the"
            + " journal\n",
        none.out());
    Path dir = root.resolve("old-journal");
    assertEquals(0, run("configutil", "-o", "store.journal.archiveafter", "-v", "7").exit());
    assertEquals(
        0, run("configutil", "-o", "store.journal.archivedir", "-v", dir.toString()).exit());
    Result r = run("journalarchive");
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(dir.resolve(oldDays.get(0) + "F.cq4.gz")), r.out());
    assertFalse(Files.exists(dir.resolve(oldDays.get(1) + "F.cq4.gz")), r.out());
  }

  /**
   * A restore replays the whole history: the archived cycles, then the journal. Without the
   * archive, user/needle/INBOX (created ten days ago, archived) would not exist three days ago.
   */
  @Test
  void aRestoreReadsTheArchivedCyclesBeforeTheJournal() {
    String at = Instant.now().minus(Duration.ofDays(3)).toString();
    Result before = run("restore", "--at", at, "--dry-run", "user/needle");
    assertEquals(0, before.exit(), before.err());
    assertEquals(
        0, run("configutil", "-o", "store.journal.archivedir", "-v", archive.toString()).exit());
    Result moved = run("journalarchive", "--days", "3");
    assertEquals(0, moved.exit(), moved.err());
    assertTrue(Files.exists(archive.resolve(oldDays.get(0) + "F.cq4.gz")), moved.out());
    Result after = run("restore", "--at", at, "--dry-run", "user/needle");
    assertEquals(before.exit() + "\n" + before.out(), after.exit() + "\n" + after.out());
  }

  @Test
  void badInputIsOneLine() {
    Result days = run("journalarchive", "--days", "0");
    assertEquals(64, days.exit());
    assertEquals(1, days.err().lines().count(), days.err());
    Result missing = run("journal", "--archive", root.resolve("nowhere").toString());
    assertEquals(66, missing.exit());
    assertEquals(1, missing.err().lines().count(), missing.err());
    Result follow = run("journal", "--archive", archive.toString(), "--follow");
    assertEquals(64, follow.exit());
    assertEquals(1, follow.err().lines().count(), follow.err());
  }

  private String dump() throws Exception {
    return dump(root);
  }

  private static String dump(Path root) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Store s = Store.open(root)) {
      s.read().close();
      s.projections().dump(out);
    }
    return out.toString();
  }

  /** A dump without the audit index's tables and stamps. */
  private static String withoutAudit(String dump) {
    StringBuilder out = new StringBuilder();
    boolean audit = false;
    for (String line : dump.lines().toList()) {
      if (line.startsWith("[")) {
        audit = line.startsWith("[audit.");
      }
      if (!audit && !line.startsWith(HexFormat.of().formatHex("audit.".getBytes()))) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static List<String> names(List<Path> files) {
    return files.stream().map(f -> f.getFileName().toString()).toList();
  }

  record Result(int exit, String out, String err) {}

  private Result run(String verb, String... args) {
    List<String> all = new ArrayList<>(List.of(verb, "--store", root.toString()));
    all.addAll(Stream.of(args).toList());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), "tester", all);
    int code = Main.run(ctx, all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }
}
