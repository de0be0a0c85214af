package dev.msgstore.store.expire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CopyMessages;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.RestoreExpunged;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpireTest {
  static final Author ADMIN = Author.of("admin", "ExpireTest");
  static final long DAY = 86_400_000L;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path root;
  final TestClock clock = new TestClock(T0);

  /** A clock the test moves: commit times (and so save times) follow it. */
  static final class TestClock extends Clock {
    volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void days(long d) {
      now = now.plusMillis(d * DAY);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** What a run told its listener. */
  static final class Heard implements ExpireListener {
    final List<String> reports = new ArrayList<>();
    final List<String> stats = new ArrayList<>();
    final List<String> progress = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @Override
    public synchronized void report(String line) {
      reports.add(line);
    }

    @Override
    public synchronized void statistic(int level, String line) {
      stats.add(level + " " + line);
    }

    @Override
    public synchronized void progress(String line) {
      progress.add(line);
    }

    @Override
    public synchronized void warning(String line) {
      warnings.add(line);
    }
  }

  Store open() {
    return Store.open(root, clock);
  }

  static long append(Store s, String mailbox, String subject, int bodyBytes, Set<SystemFlag> flags)
      throws IOException {
    String text =
        "From: a@example.com\r\nSubject: "
            + subject
            + "\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n\r\n"
            + "x".repeat(bodyBytes)
            + "\r\n";
    return s.append(
            ADMIN,
            mailbox,
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            new AppendOptions(flags, List.of(), 0, true, false))
        .eventsOf(MessageEvent.Appended.class)
        .get(0)
        .uid();
  }

  ExpireOptions options(boolean trial) {
    return new ExpireOptions(
        trial,
        3,
        4,
        2,
        null,
        null,
        128,
        Duration.ZERO,
        Author.of("alice", "msgstore imexpire"),
        clock);
  }

  static ExpireRules rules(String text) {
    return new ExpireRules(RuleParser.parseFile("test.rules", text, RuleScope.STORE, false));
  }

  static List<Long> uids(Store s, String mailbox) {
    try (ProjectionReader r = s.read()) {
      MailboxRecord m = r.mailbox(mailbox).orElseThrow();
      return r.messages(m.id()).stream().map(MessageRecord::uid).toList();
    }
  }

  @Test
  void messagedaysDiscardsOldMessagesAsOneCommitNamedByTheRuleAndRestorable() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/Trash", "old", 10, Set.of());
      append(s, "user/joe/Trash", "old2", 10, Set.of());
      clock.days(20);
      append(s, "user/joe/Trash", "new", 10, Set.of());
      append(s, "user/joe/INBOX", "inbox", 10, Set.of());
      clock.days(15);
      long before = s.journal().lastIndex();
      Heard heard = new Heard();
      ExpireReport rep =
          Expire.run(
              s,
              rules("Trash.folderpattern: user/*/Trash\nTrash.messagedays: 30\n"),
              options(false),
              heard);
      assertEquals(List.of(3L), uids(s, "user/joe/Trash"));
      assertEquals(1, uids(s, "user/joe/INBOX").size());
      assertEquals(2, rep.discarded());
      assertEquals(1, rep.commits());
      assertEquals(3, rep.examined(), "the INBOX has no rule: its messages are not read");
      assertEquals(2, rep.mailboxes());
      List<Commit> commits = new ArrayList<>();
      s.journal().replay(before, commits::add);
      assertEquals(1, commits.size());
      Commit c = commits.get(0);
      assertEquals("imexpire", c.meta().actor());
      assertEquals(
          "imexpire user/joe/Trash: rule Trash (test.rules:1): discard 2; by alice \"msgstore imexpire\"",
          c.meta().origin());
      assertTrue(
          heard.stats.contains(
              "3 message user/joe/Trash uid 1: rule Trash discard (messagedays 30)"),
          heard.stats.toString());
      // discard is an expunge: mboxutil -R brings the messages back until they are purged
      s.execute(ADMIN, new RestoreExpunged("user/joe/Trash", 0));
      assertEquals(3, uids(s, "user/joe/Trash").size());
    }
  }

  @Test
  void savedaysCountsFromTheSaveIntoTheFolderNotFromArrival() throws IOException {
    try (Store s = open()) {
      long uid = append(s, "user/joe/INBOX", "a", 10, Set.of());
      append(s, "user/joe/INBOX", "b", 10, Set.of());
      s.execute(ADMIN, new CreateMailbox("user/joe/Saved", null));
      clock.days(40);
      s.copyMessages(
          ADMIN, new CopyMessages("user/joe/INBOX", List.of(uid), "user/joe/Saved", false));
      clock.days(5);
      try (ProjectionReader r = s.read()) {
        MessageRecord copy = r.messages(r.mailbox("user/joe/Saved").orElseThrow().id()).get(0);
        assertEquals(T0.toEpochMilli() + 40 * DAY, copy.savedDate());
        assertTrue(copy.internalDate() < T0.toEpochMilli() + DAY, "a copy keeps its arrival");
      }
      ExpireReport rep =
          Expire.run(
              s,
              rules("S.folderpattern: user/joe/*\nS.savedays: 30\n"),
              options(false),
              new Heard());
      assertEquals(List.of(), uids(s, "user/joe/INBOX"));
      assertEquals(1, uids(s, "user/joe/Saved").size(), "saved 5 days ago: kept");
      assertEquals(2, rep.discarded());
    }
    // the save time is rebuilt from the journal alone (reconstruct -m deletes and replays)
    deleteTree(root.resolve("projections"));
    try (Store s = open();
        ProjectionReader r = s.read()) {
      MessageRecord copy = r.messages(r.mailbox("user/joe/Saved").orElseThrow().id()).get(0);
      assertEquals(T0.toEpochMilli() + 40 * DAY, copy.savedDate());
    }
  }

  @Test
  void aRestoredMessageIsSavedAnew() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      clock.days(40);
      Expire.run(s, rules("S.folderpattern: *\nS.savedays: 30\n"), options(false), new Heard());
      s.execute(ADMIN, new RestoreExpunged("user/joe/INBOX", 0));
      clock.days(1);
      ExpireReport again =
          Expire.run(s, rules("S.folderpattern: *\nS.savedays: 30\n"), options(false), new Heard());
      assertEquals(0, again.discarded());
      assertEquals(1, uids(s, "user/joe/INBOX").size());
    }
  }

  @Test
  void countSizeAndGraceSelectTheOldestBeyondTheLimit() throws IOException {
    try (Store s = open()) {
      for (int i = 0; i < 5; i++) {
        append(s, "user/joe/Count", "c" + i, 10, Set.of());
        append(s, "user/joe/Size", "s" + i, 1000, Set.of());
      }
      append(s, "user/joe/Big", "big-old", 5000, Set.of());
      clock.days(4);
      append(s, "user/joe/Big", "big-new", 5000, Set.of());
      append(s, "user/joe/Big", "small", 10, Set.of());
      clock.days(1);
      Expire.run(
          s,
          rules(
              """
              C.folderpattern: user/joe/Count
              C.messagecount: 2
              Z.folderpattern: user/joe/Size
              Z.foldersizebytes: 2500
              B.folderpattern: user/joe/Big
              B.messagesize: 1000
              B.messagesizedays: 3
              """),
          options(false),
          new Heard());
      assertEquals(List.of(4L, 5L), uids(s, "user/joe/Count"));
      // five of ~1080 bytes: the oldest go until at most 2500 are left
      assertEquals(List.of(4L, 5L), uids(s, "user/joe/Size"));
      assertEquals(List.of(2L, 3L), uids(s, "user/joe/Big"), "the big one within its grace stays");
    }
  }

  @Test
  void flagsAndHeadersFilterOrTrigger() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "[SPAM] buy", 10, Set.of(SystemFlag.SEEN));
      append(s, "user/joe/INBOX", "[SPAM] sell", 10, Set.of());
      append(s, "user/joe/INBOX", "hello", 10, Set.of(SystemFlag.SEEN));
      append(s, "user/joe/Other", "gone", 10, Set.of(SystemFlag.DELETED));
      append(s, "user/joe/Other", "stays", 10, Set.of());
      Expire.run(
          s,
          rules(
              """
              Spam.folderpattern: user/joe/INBOX
              Spam.messageheader.subject: [spam]*
              Spam.seen: and
              Del.folderpattern: user/joe/Other
              Del.deleted: or
              """),
          options(false),
          new Heard());
      assertEquals(List.of(2L, 3L), uids(s, "user/joe/INBOX"));
      assertEquals(List.of(2L), uids(s, "user/joe/Other"));
    }
  }

  @Test
  void fileintoCreatesTheFolderAndReportWritesTheReferencesLine() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      append(s, "user/joe/INBOX", "b", 10, Set.of(SystemFlag.SEEN));
      append(s, "user/joe/Drafts", "d", 10, Set.of());
      Heard heard = new Heard();
      ExpireReport rep =
          Expire.run(
              s,
              rules(
                  """
                  Old.folderpattern: user/joe/INBOX
                  Old.seen: or
                  Old.action: fileinto:Archive/2026
                  R.folderpattern: user/joe/Drafts
                  R.messagecount: 0
                  R.action: report
                  """),
              options(false),
              heard);
      assertEquals(List.of(1L), uids(s, "user/joe/INBOX"));
      assertEquals(List.of(1L), uids(s, "user/joe/Archive/2026"));
      assertEquals(List.of(1L), uids(s, "user/joe/Drafts"), "report changes nothing");
      long validity;
      try (ProjectionReader r = s.read()) {
        validity = r.mailbox("user/joe/Drafts").orElseThrow().uidValidity();
      }
      assertEquals(List.of("user/joe/Drafts 1 " + validity), heard.reports);
      assertEquals(1, rep.filed());
      assertEquals(1, rep.reported());
      assertEquals(1, rep.commits());
    }
  }

  @Test
  void archiveIsReportedAsDeprecatedAndLeavesTheMessages() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      Heard heard = new Heard();
      ExpireReport rep =
          Expire.run(
              s,
              rules("A.folderpattern: *\nA.messagecount: 0\nA.action: archive\n"),
              options(false),
              heard);
      assertEquals(1, uids(s, "user/joe/INBOX").size());
      assertEquals(1, rep.leftByArchive());
      assertTrue(heard.warnings.get(0).contains("deprecated"), heard.warnings.toString());
    }
  }

  @Test
  void aTrialRunWritesNothingAnywhere() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      Path partitionRules = s.partitions().path("primary").resolve(RuleFiles.FILE);
      Files.writeString(
          partitionRules, "P.folderpattern: *\nP.messagecount: 0\nP.action: fileinto:New\n");
      ExpireRules loaded = RuleFiles.load(s, null, false);
      long end = s.journal().lastIndex();
      List<String> filesBefore = listTree(root);
      Heard heard = new Heard();
      ExpireReport rep = Expire.run(s, loaded, options(true), heard);
      assertEquals(1, rep.filed());
      assertEquals(0, rep.commits());
      assertEquals(end, s.journal().lastIndex());
      assertEquals(filesBefore, listTree(root), "not even a lock file");
      assertEquals(1, uids(s, "user/joe/INBOX").size());
      assertTrue(
          heard
              .stats
              .get(heard.stats.size() - 1)
              .startsWith("0 imexpire (trial run, nothing written)"),
          heard.stats.toString());
    }
  }

  @Test
  void exclusiveRulesExemptAndTheMostSpecificScopeWins() throws IOException {
    try (Store s = open()) {
      append(s, "user/boss/INBOX", "a", 10, Set.of());
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      append(s, "user/ann/INBOX", "a", 10, Set.of());
      s.execute(ADMIN, new CreateMailbox("user/ann/Keep", null));
      Path store = root.resolve("rules");
      Files.writeString(
          store,
          "All.folderpattern: *\nAll.messagecount: 0\nBoss.folderpattern: user/boss/*\nBoss.exclusive: 1\n");
      RuleFiles.install(
          s, RuleScope.user("ann"), writeTemp("Mine.exclusive: 1\nMine.messagecount: 5\n"), false);
      List<ExpireRule> all = new ArrayList<>(RuleFiles.loadFile(store, false).rules());
      all.addAll(RuleFiles.load(s, List.of("ann"), false).rules());
      Expire.run(s, new ExpireRules(all), options(false), new Heard());
      assertEquals(1, uids(s, "user/boss/INBOX").size(), "exempt");
      assertEquals(0, uids(s, "user/joe/INBOX").size());
      assertEquals(1, uids(s, "user/ann/INBOX").size(), "ann's own exclusive rule alone applies");
    }
  }

  @Test
  void installRefusesWhileARunHoldsTheScopeAndParsesFirst() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      Path good = writeTemp("folderpattern: INBOX\nmessagedays: 3\n");
      RuleFiles.install(s, RuleScope.user("joe"), good, false);
      Path installed = RuleFiles.path(s, RuleScope.user("joe"));
      assertTrue(Files.exists(installed));
      AutoCloseable held = RuleFiles.holdShared(installed, true).orElseThrow();
      try {
        assertThrows(
            RuleFiles.ScopeBusy.class,
            () ->
                RuleFiles.install(s, RuleScope.user("joe"), writeTemp("messagedays: 9\n"), false));
      } finally {
        close(held);
      }
      assertThrows(
          RuleSyntaxException.class,
          () ->
              RuleFiles.install(
                  s, RuleScope.user("joe"), writeTemp("messagedays: never\n"), false));
      assertEquals("folderpattern: INBOX\nmessagedays: 3\n", Files.readString(installed));
      RuleFiles.install(
          s, RuleScope.mailbox("user/joe/INBOX"), writeTemp("messagecount: 7\n"), false);
      ExpireRules loaded = RuleFiles.load(s, List.of("joe"), false);
      assertEquals(2, loaded.size());
      assertEquals(
          RuleScope.mailbox("user/joe/INBOX"),
          loaded.forMailbox("user/joe/INBOX", "joe", "primary").get(0).scope());
    }
  }

  @Test
  void aBrokenFileAnywhereStopsTheWholeRuleSet() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      Path p = s.partitions().path("primary").resolve(RuleFiles.FILE);
      Files.writeString(
          p, "A.folderpattern: *\nA.messagecount: 0\nB.folderpattern: *\nB.messagedays: -4\n");
      RuleSyntaxException e =
          assertThrows(RuleSyntaxException.class, () -> RuleFiles.load(s, null, false));
      assertEquals(
          List.of(p + ":4: rule B: messagedays must be a whole number 0 or more, not '-4'"),
          e.problems());
    }
  }

  @Test
  void aSieveScriptChoosesItsOwnAction() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "[SPAM] x", 10, Set.of());
      append(s, "user/joe/INBOX", "bug report", 10, Set.of());
      append(s, "user/joe/INBOX", "hello", 10, Set.of());
      Expire.run(
          s,
          rules(
              "S.folderpattern: user/*/INBOX\n"
                  + "S.sieve: require \"fileinto\";\n"
                  + "  if header :contains \"subject\" \"[spam]\" { fileinto \"Junk\"; }\n"
                  + "  elsif header :contains \"subject\" \"bug\" { discard; }\n"),
          options(false),
          new Heard());
      assertEquals(List.of(3L), uids(s, "user/joe/INBOX"));
      assertEquals(1, uids(s, "user/joe/Junk").size());
    }
  }

  @Test
  void progressAndUserFilters() throws IOException {
    try (Store s = open()) {
      append(s, "user/joe/INBOX", "a", 10, Set.of());
      append(s, "user/ann/INBOX", "a", 10, Set.of());
      Heard heard = new Heard();
      ExpireOptions o = options(false);
      ExpireOptions joe =
          new ExpireOptions(false, 1, 1, 1, "joe", null, 128, Duration.ZERO, o.by(), clock);
      ExpireReport rep =
          Expire.run(s, rules("A.folderpattern: *\nA.messagecount: 0\n"), joe, heard);
      assertEquals(1, rep.users());
      assertEquals(1, uids(s, "user/ann/INBOX").size());
      assertFalse(heard.progress.isEmpty());
      assertTrue(
          heard.progress.get(0).startsWith("imexpire: 1/1 users"), heard.progress.toString());
      ExpireOptions nobody =
          new ExpireOptions(false, 1, 1, 1, "nobody", null, 128, Duration.ZERO, o.by(), clock);
      assertThrows(
          dev.msgstore.store.Rejected.class,
          () -> Expire.run(s, rules("A.folderpattern: *\nA.messagecount: 0\n"), nobody, heard));
    }
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Path writeTemp(String text) throws IOException {
    Path f = Files.createTempFile(root, "rules", ".txt");
    Files.writeString(f, text);
    return f;
  }

  private static List<String> listTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.map(p -> root.relativize(p).toString())
          .filter(p -> !p.startsWith("journal") && !p.startsWith("projections"))
          .sorted()
          .toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
