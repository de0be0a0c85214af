package dev.msgstore.commands.imexpire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.StoreRun;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** imexpire through the launcher: Table 71-8's options, exact output, exit codes. */
class ImexpireCommandTest {
  static final String BUG = "From: a@example.com\r\nSubject: crash\r\n\r\nthere is a bug here\r\n";
  static final String HELLO = "From: b@example.com\r\nSubject: hello\r\n\r\nall fine\r\n";

  @TempDir Path root;
  @TempDir Path files;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  StoreRun ok(String... args) {
    return StoreRun.ok(root, "", args);
  }

  Path file(String name, String text) throws IOException {
    Path f = files.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  long messages(String mailbox) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(mailbox).map(MailboxRecord::messages).orElse(-1L);
    }
  }

  long uidValidity(String mailbox) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(mailbox).orElseThrow().uidValidity();
    }
  }

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  @BeforeEach
  void store() {
    assertEquals(0, run(BUG, "deliver", "joe", "ann").exit());
    assertEquals(0, run(HELLO, "deliver", "joe", "ann").exit());
  }

  /** The reference's example rule file: "folderpattern: *, sieve: require "body"; body ...". */
  @Test
  void theReferencesSieveBodyExampleDiscardsWhatMentionsTheBug() throws IOException {
    Path rules =
        file(
            "store.expirerule",
            "folderpattern: *\n\nsieve: require \"body\"; body :contains \"bug\";\n\naction: discard\n");
    StoreRun r = ok("imexpire", "-f", rules.toString(), "-d", "-v", "2", "-u", "joe");
    List<String> lines = r.out().lines().toList();
    assertEquals(
        List.of(
            "mailbox user/joe/INBOX: 2 messages examined, 1 expired (rule rule: discard 1)",
            "user joe: 1 mailboxes, 2 messages examined, 1 expired"),
        lines.subList(0, 2));
    assertTrue(
        lines
            .get(2)
            .startsWith(
                "imexpire: 1 users, 1 mailboxes, 2 messages examined; 1 expired: 1 discarded, 0 filed,"
                    + " 0 reported; 1 commits in "),
        r.out());
    assertEquals(1, messages("user/joe/INBOX"));
    assertEquals(2, messages("user/ann/INBOX"), "-u joe");
    // journal --actor imexpire: what expired and why
    StoreRun j = ok("journal", "--actor", "imexpire");
    assertTrue(
        j.out()
            .contains(
                "\"imexpire user/joe/INBOX: rule rule (" + rules + ":1): discard 1; by tester"),
        j.out());
    assertTrue(j.out().contains("message.expunged"), j.out());
  }

  @Test
  void aTrialRunSaysWhatItWouldDoAndWritesNothing() throws IOException {
    Path rules =
        file(
            "r",
            "Two.folderpattern: user/*/INBOX\nTwo.messagecount: 1\nTwo.action: fileinto:Old\n");
    long end = lastIndex();
    StoreRun r = ok("imexpire", "-n", "-f", rules.toString(), "-v", "3");
    List<String> lines = r.out().lines().toList();
    // users are expired on threads of their own: their lines come in either order
    assertTrue(
        lines.contains(
            "message user/ann/INBOX uid 1: rule Two fileinto user/ann/Old (messagecount 1)"),
        r.out());
    assertTrue(
        lines.contains(
            "message user/joe/INBOX uid 1: rule Two fileinto user/joe/Old (messagecount 1)"),
        r.out());
    assertTrue(
        lines.contains(
            "mailbox user/ann/INBOX: 2 messages examined, 1 would expire (rule Two: fileinto user/ann/Old 1)"),
        r.out());
    assertTrue(
        lines.contains("user joe: 1 mailboxes, 2 messages examined, 1 would expire"), r.out());
    assertTrue(
        lines
            .get(lines.size() - 1)
            .startsWith(
                "imexpire (trial run, nothing written): 2 users, 2 mailboxes, 4 messages examined; would have 2 expired: 0 discarded, 2 filed,"),
        r.out());
    assertEquals(end, lastIndex());
    assertEquals(-1, messages("user/joe/Old"));
    assertTrue(!Files.exists(root.resolve("log/imexpire.log")));
  }

  @Test
  void reportPrintsMailboxUidAndUidvalidityAndStatisticsGoToTheLog() throws IOException {
    Path rules =
        file(
            "r", "R.folderpattern: user/joe/*\nR.messageheader.subject: crash\nR.action: report\n");
    StoreRun r = ok("imexpire", "-f", rules.toString(), "-v", "1");
    assertEquals("user/joe/INBOX 1 " + uidValidity("user/joe/INBOX") + "\n", r.out());
    String log = Files.readString(root.resolve("log/imexpire.log"));
    assertTrue(log.contains(" user joe: 1 mailboxes, 2 messages examined, 1 expired\n"), log);
    assertEquals(2, messages("user/joe/INBOX"));
  }

  @Test
  void aBrokenRuleIsNamedWithItsFileAndLineAndNothingRuns() throws IOException {
    Path rules =
        file("r", "A.folderpattern: *\nA.messagecount: 0\nB.folderpattern: *\nB.savedays: often\n");
    long end = lastIndex();
    StoreRun r = run("", "imexpire", "-f", rules.toString());
    assertEquals(65, r.exit());
    assertEquals(
        "imexpire: "
            + rules
            + ":4: rule B: savedays must be a whole number 0 or more, not 'often'\n"
            + "imexpire: 1 problem(s) in the expire rules; nothing ran\n",
        r.err());
    assertEquals(end, lastIndex());
    assertEquals(65, run("", "imexpire", "-c", "-f", rules.toString()).exit());
  }

  @Test
  void installsARuleFileForAMailboxAsTheReferencesExample() throws IOException {
    ok("mboxutil", "-c", "user/jdoe/memos");
    Path rules = file("store.expirerule", "messagecount: 0\n");
    StoreRun r = ok("imexpire", "-i", "-x", "user/jdoe/memos", "-f", rules.toString());
    assertTrue(
        r.out().startsWith("imexpire: installed 1 rules for mailbox user/jdoe/memos in "), r.out());
    StoreRun c = ok("imexpire", "-c", "-u", "jdoe");
    assertTrue(
        c.out().contains(": rule rule (mailbox user/jdoe/memos): user/jdoe/memos -> discard\n"),
        c.out());
    assertTrue(c.out().endsWith("imexpire: 1 rules, no problem\n"), c.out());
    assertEquals(
        66, run("", "imexpire", "-i", "-x", "user/jdoe/none", "-f", rules.toString()).exit());
    assertEquals(67, run("", "imexpire", "-i", "-u", "nobody", "-f", rules.toString()).exit());
    assertEquals(66, run("", "imexpire", "-i", "-p", "nowhere", "-f", rules.toString()).exit());
    Path bad = file("bad", "messagecount: lots\n");
    StoreRun b = run("", "imexpire", "-i", "-u", "joe", "-f", bad.toString());
    assertEquals(65, b.exit());
    assertTrue(
        b.err().startsWith("imexpire: " + bad + ":1: rule rule: messagecount must be"), b.err());
  }

  @Test
  void aPolicyOfMoreRulesThanMIsRefusedBeforeAnythingRuns() throws IOException {
    Path rules =
        file(
            "r",
            "A.folderpattern: *\nA.messagecount: 0\nB.folderpattern: user/ann/*\nB.seen: or\n");
    long end = lastIndex();
    StoreRun r = run("", "imexpire", "-f", rules.toString(), "-m", "1");
    assertEquals(65, r.exit());
    assertTrue(
        r.err()
            .startsWith(
                "imexpire: user/ann/INBOX: 2 rules apply, more than the 1 a policy may have (-m)\n"),
        r.err());
    assertEquals(end, lastIndex());
    assertEquals(2, messages("user/joe/INBOX"));
  }

  @Test
  void progressOnStderrAndADiscardIsRestorableWithMboxutilR() throws IOException {
    Path rules = file("r", "A.folderpattern: user/joe/INBOX\nA.messagecount: 0\n");
    StoreRun r = ok("imexpire", "-f", rules.toString(), "--progress", "0");
    assertTrue(r.err().contains("imexpire: 1/2 users, "), r.err());
    assertTrue(r.err().contains("imexpire: 2/2 users, "), r.err());
    assertEquals(0, messages("user/joe/INBOX"));
    ok("mboxutil", "-R", "user/joe/INBOX");
    assertEquals(2, messages("user/joe/INBOX"));
  }

  @Test
  void usageErrorsExit64() {
    assertEquals(64, run("", "imexpire", "-i", "-f", "x").exit());
    assertEquals(64, run("", "imexpire", "-i", "-u", "joe", "-p", "primary", "-f", "x").exit());
    assertEquals(64, run("", "imexpire", "-x", "user/joe/INBOX").exit());
    assertEquals(64, run("", "imexpire", "-u", "joe", "-p", "primary").exit());
    assertEquals(64, run("", "imexpire", "-v", "4").exit());
    assertEquals(64, run("", "imexpire", "-t", "0").exit());
  }

  @Test
  void unknownUserPartitionOrFile() {
    StoreRun u = run("", "imexpire", "-u", "nobody");
    assertEquals(67, u.exit());
    assertEquals("imexpire: no such user: nobody\n", u.err());
    assertEquals(66, run("", "imexpire", "-p", "nowhere").exit());
    assertEquals(66, run("", "imexpire", "-f", files.resolve("none").toString()).exit());
  }

  @Test
  void configutilRulesRunWithoutAFile() {
    ok("configutil", "-o", "store.expirerule.Trim.folderpattern", "-v", "user/ann/*");
    ok("configutil", "-o", "store.expirerule.Trim.messagecount", "-v", "1");
    ok("imexpire");
    assertEquals(1, messages("user/ann/INBOX"));
    assertEquals(2, messages("user/joe/INBOX"));
  }
}
