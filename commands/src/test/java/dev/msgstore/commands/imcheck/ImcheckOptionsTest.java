package dev.msgstore.commands.imcheck;

import static dev.msgstore.commands.imcheck.ImcheckFixture.JA_FOLDER;
import static dev.msgstore.commands.imcheck.ImcheckFixture.MESSAGE_ID;
import static dev.msgstore.commands.imcheck.ImcheckFixture.journalEnd;
import static dev.msgstore.commands.imcheck.ImcheckFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.imcheck.ImcheckFixture.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options besides the plain {@code -m} listing: per message, dumps, statistics, queue. */
class ImcheckOptionsTest {
  static final String INBOX = ImcheckFixture.INBOX;

  @TempDir Path root;

  /** The jauser store plus an INBOX of three messages with keywords; uid 2 expunged. */
  @BeforeEach
  void store() throws IOException {
    ImcheckFixture.jauserWithInbox(root);
  }

  @Test
  void userFlagsAreListedAndPrintedAsHexWords() {
    Run r = run(root, "-m", INBOX);
    assertEquals(0, r.exit(), r.err());
    // Uid 2 (f2 alone) is expunged: uid 3 still uses f2 before f3, so f1 f2 f3 are bits 0 1 2.
    assertTrue(r.out().contains("ACL:\nUserflags:\n  f1\n  f2\n  f3\nSubscribed: 0\n"), r.out());
    // the INBOX is mailbox 1: its UID validity is a second before the folder's (ImcheckFixture)
    List<String> rows = r.out().lines().filter(l -> l.contains(" 1237768456-")).toList();
    assertTrue(
        rows.get(0).endsWith(" 0        1.0.0 1237768456-1      " + MESSAGE_ID), rows.get(0));
    assertTrue(rows.get(1).startsWith("     2      3 "), rows.get(1));
    assertTrue(rows.get(1).contains(" 6.0.0 1237768456-3 "), rows.get(1));
  }

  @Test
  void expungedUidsReplaceTheTable() {
    Run r = run(root, "-e", "-m", INBOX);
    assertTrue(r.out().endsWith("Msg Path: " + path(r) + "\nExpunged Uids:\n  2\n"), r.out());
  }

  @Test
  void cacheDataIsWhatTheIndexHolds() {
    Run r = run(root, "-m", JA_FOLDER, "-c", "1");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .startsWith(
                "MsgNo: 1\nUid: 1\nSize: 898\nHSize: 549\nInternal-Date: 20090323115905\n"
                    + "Sent-Date: 20090323115905\nSFlags: S\nKeywords: \n"
                    + "Message-id: <cd8b67384048.49c77989@dumbo.example.com>\nDigest: sha256:"),
        r.out());
    assertTrue(r.out().endsWith("Body: stored in partition primary\n"), r.out());
  }

  @Test
  void bodyIsTheStoredBytes() throws IOException {
    Run r = run(root, "-m", JA_FOLDER, "-b", "1");
    assertEquals(0, r.exit(), r.err());
    try (InputStream in = ImcheckFixture.message(549, 898)) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.US_ASCII), r.out());
    }
  }

  @Test
  void dumpIsOneLinePerMessageWithTheSeparator() {
    List<String> lines = run(root, "-D", "-m", INBOX).out().lines().toList();
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).startsWith("user/jauser/INBOX|1|1|20090324080000|300|200||f1|"));
    assertTrue(run(root, "-D", "-S", ":", "-m", INBOX).out().startsWith("user/jauser/INBOX:1:1:"));
  }

  @Test
  void partitionAndFileSelectSeveralMailboxes() throws IOException {
    Run p = run(root, "-H", "-p", "primary");
    assertEquals(
        List.of("Name: user/jauser/&kAFP4W4IMH8-", "Name: user/jauser/INBOX"),
        p.out().lines().filter(l -> l.startsWith("Name: ")).toList());
    Path file = Files.writeString(root.resolveSibling(root.getFileName() + ".list"), INBOX + "\n");
    Run f = run(root, "-H", "-f", file.toString());
    assertEquals(List.of("Name: user/jauser/INBOX"), names(f));
  }

  @Test
  void statisticsCoverTheThreeParts() {
    Run r = run(root, "-s");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("journal\n  cycle files: "), r.out());
    assertTrue(r.out().contains("\nprojections\n  meta entries: "), r.out());
    assertTrue(r.out().contains("  message entries: 3\n"), r.out());
    assertTrue(r.out().contains("\nbodies\n  primary segments: "), r.out());
    List<String> numbers = run(root, "-s", "-n", "journal").out().lines().toList();
    assertEquals(6, numbers.size());
    assertEquals(String.valueOf(journalEnd(root)), numbers.get(4));
  }

  @Test
  void tablesDumpDecodedOrInHex() {
    Run acl = run(root, "-d", "acl.by-mailbox", "-S", "|");
    assertEquals("user/jauser/&kAFP4W4IMH8-|jauser|lrswipkxate\n", acl.out());
    Run meta = run(root, "-d", "meta");
    assertTrue(meta.out().lines().allMatch(l -> l.matches("[0-9a-f]+=[0-9a-f]+")), meta.out());
  }

  @Test
  void theReferencesDatabaseNamesAreTheTablesThatPlayTheirPart() {
    Run folder = run(root, "-d", "folder.db");
    assertEquals(0, folder.exit(), folder.err());
    assertTrue(folder.out().contains(" " + JA_FOLDER + " primary "), folder.out());
    assertEquals(run(root, "-d", "mailbox.by-name").out(), folder.out());
    Run quota = run(root, "-d", "quota.db", "-S", "|");
    assertEquals(0, quota.exit(), quota.err());
    assertTrue(quota.out().startsWith("jauser|"), quota.out());
    assertEquals(run(root, "-d", "quota", "-S", "|").out(), quota.out());
    // readership: "imcheck -d lright.db" lists the rights on all shared folders.
    Run lright = run(root, "-d", "lright.db", "-S", "|");
    assertEquals(0, lright.exit(), lright.err());
    assertEquals("jauser|" + JA_FOLDER + "|lrswipkxate\n", lright.out());
    assertEquals(lright.out(), run(root, "-d", "acl.by-identifier", "-S", "|").out());
    Run unknown = run(root, "-d", "peruser.db");
    assertEquals(64, unknown.exit());
    assertTrue(
        unknown.err().contains("; the reference's: folder.db, lright.db, quota.db)"),
        unknown.err());
    String help = run(root, "--help").out();
    for (String name : List.of("folder.db", "lright.db", "quota.db")) {
      assertTrue(help.contains(name), help);
    }
  }

  @Test
  void fastPrintsTheBlockFromTheIndexRecordAlone() {
    Run full = run(root, "-H", "-m", INBOX);
    String expected =
        full.out()
            .replaceAll("(?m)^Largest Msg: .*$", "Largest Msg: -")
            .replaceAll("(?m)^Oldest Msg: .*$", "Oldest Msg: -")
            .replaceAll("(?m)^Oldest Uid: .*$", "Oldest Uid: -")
            .replace("Userflags:\n  f1\n  f2\n  f3\n", "Userflags: -\n");
    assertTrue(!expected.equals(full.out()), full.out());
    Run fast = run(root, "-F", "-m", INBOX);
    assertEquals(0, fast.exit(), fast.err());
    assertEquals(expected, fast.out());
    MailboxInfo info =
        dev.msgstore.commands.VerbRun.run("imcheck", "--store", root.toString(), "-F", "-m", INBOX)
            .result(MailboxInfo.class);
    assertEquals(-1, info.largestBytes());
    assertEquals(-1, info.oldestUid());
    assertEquals(List.of(), info.userFlags());
    assertEquals(null, info.messages());
    assertEquals(2, info.exists());
    Run stats = run(root, "-F", "-s", "journal");
    assertEquals(0, stats.exit(), stats.err());
    assertTrue(stats.out().startsWith("journal\n  cycle files: "), stats.out());
    for (String[] refused :
        List.of(
            new String[] {"-F", "-d", "meta"},
            new String[] {"-F", "-q"},
            new String[] {"-F", "-e", "-m", INBOX},
            new String[] {"-F", "-m", INBOX, "-c", "1"})) {
      Run r = run(root, refused);
      assertEquals(64, r.exit(), String.join(" ", refused) + ": " + r.out() + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }

  @Test
  void theQueueListsPendingPurges() {
    Run r = run(root, "-q");
    assertEquals(
        """
        Pending cleanups: 0 (mboxutil -C purges at once; nothing is queued)
        Pending purges (expunged, not yet purged): 1 mailboxes
            msgs        bytes oldest expunge mailbox
               1          300 20090324080000 user/jauser/INBOX
        """,
        r.out());
  }

  @Test
  void nothingIsWritten() {
    long before = journalEnd(root);
    run(root, "-m", INBOX);
    run(root, "-s");
    run(root, "-q");
    assertEquals(before, journalEnd(root));
  }

  private static List<String> names(Run r) {
    return r.out().lines().filter(l -> l.startsWith("Name: ")).toList();
  }

  private static String path(Run r) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith("Path: "))
        .findFirst()
        .orElseThrow()
        .substring("Path: ".length());
  }
}
