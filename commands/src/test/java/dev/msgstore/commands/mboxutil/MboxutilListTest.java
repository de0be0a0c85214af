package dev.msgstore.commands.mboxutil;

import static dev.msgstore.commands.mboxutil.MboxutilFixture.ADMIN;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.append;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.assertRefused;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.golden;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.open;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.commands.mboxutil.MboxutilFixture.Run;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetQuota;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mboxutil -l} and its options, with the reference's example reproduced as golden text. */
class MboxutilListTest {
  @TempDir Path root;

  @BeforeEach
  void store() throws IOException {
    try (Store s = open(root, "2009-03-23T11:00:00Z")) {
      // Created out of order: the listing puts each user's INBOX first, then name order.
      s.execute(ADMIN, new CreateMailbox("user/jauser/INBOX", null));
      s.execute(ADMIN, new CreateMailbox("user/jauser/&kAFP4W4IMH8-", null));
      s.execute(ADMIN, new CreateMailbox("user/jauser/&Tgtm+DBN-", null));
      s.execute(ADMIN, new CreateMailbox("user/jauser/&MFQwf3ux-", null));
      s.execute(ADMIN, new SetQuota("jauser", 5120 * 1024L, -1));
      long appended = Instant.parse("2009-03-23T11:59:05Z").toEpochMilli();
      append(s, "user/jauser/&kAFP4W4IMH8-", 898, appended, AppendOptions.DEFAULT);
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      s.execute(ADMIN, new CreateMailbox("user/joe/Sent", null));
      s.execute(ADMIN, new CreateMailbox("user/mary/INBOX", null));
      s.execute(ADMIN, new SetAcl("user/joe/Sent", "mary", "lrs"));
      s.execute(ADMIN, new CreateMailbox("user/joe/old", null));
    }
    try (Store s = open(root, "2009-04-01T08:30:00Z")) {
      s.execute(
          new dev.msgstore.journal.Author("root", "mboxutil -d user/joe/old", "h", 7),
          new DeleteMailbox("user/joe/old"));
    }
  }

  @Test
  void theReferenceExampleIsReproducedExactly() throws IOException {
    Run r = run(root, "-E", "M-UTF-7", "-lp", "user/jauser/*");
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("list-jauser.txt"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void withoutEncodingNamesAreModifiedUtf7() throws IOException {
    assertEquals(golden("list-jauser.txt"), run(root, "-l", "-p", "user/jauser/*").out());
  }

  @Test
  void namesOnlyListsAccountsInTheStableFormat() throws IOException {
    Run r = run(root, "-l", "-p", "user/%/INBOX", "-s");
    assertEquals(0, r.exit(), r.err());
    assertEquals("user/jauser/INBOX\n" + golden("list-inboxes-s.txt"), r.out());
  }

  @Test
  void inboxIsCaseInsensitiveInPatterns() {
    assertEquals("user/joe/INBOX\n", run(root, "-l", "-s", "-p", "user/joe/inbox").out());
  }

  @Test
  void listsEverythingByDefault() {
    Run r = run(root, "-l");
    assertEquals(
        """
          msgs  Kbytes last msg         partition   quotaroot mailbox

             0       0 -          -     primary          5120 user/jauser/INBOX
             0       0 -          -     primary             - user/jauser/&MFQwf3ux-
             0       0 -          -     primary             - user/jauser/&Tgtm+DBN-
             1       0 2009/03/23 11:59 primary             - user/jauser/&kAFP4W4IMH8-
             0       0 -          -     primary             - user/joe/INBOX
             0       0 -          -     primary             - user/joe/Sent
             0       0 -          -     primary             - user/mary/INBOX
        """,
        r.out());
  }

  @Test
  void utf8NamesWithE() {
    Run r = run(root, "-l", "-s", "-E", "UTF-8", "-p", "user/jauser/*");
    assertEquals(
        "user/jauser/INBOX\nuser/jauser/ごみ箱\nuser/jauser/下書き\nuser/jauser/送信済み\n", r.out());
    // A UTF-8 pattern finds the modified UTF-7 name.
    assertEquals(
        "user/jauser/&kAFP4W4IMH8-\n",
        run(root, "-l", "-s", "-p", "user/jauser/*")
                .out()
                .lines()
                .filter(l -> l.endsWith("W4IMH8-"))
                .findFirst()
                .orElseThrow()
            + "\n");
    assertEquals(
        "user/jauser/送信済み\n", run(root, "-l", "-s", "-E", "UTF-8", "-p", "user/jauser/送信*").out());
  }

  @Test
  void regexIsUnanchoredAndLinear() {
    assertEquals(
        "user/joe/INBOX\nuser/joe/Sent\n", run(root, "-l", "-s", "-P", "^user/jo[e]/").out());
    assertEquals("user/joe/Sent\n", run(root, "-l", "-s", "-P", "Se(n|x)t$").out());
    // Catastrophic for a backtracking engine; RE2 answers at once.
    String evil = "(a+)+$";
    Run r = run(root, "-l", "-s", "-P", evil);
    assertEquals(0, r.exit());
    assertEquals("", r.out());
  }

  @Test
  void countComesAfterTheRows() {
    assertEquals(
        "user/joe/INBOX\nuser/joe/Sent\nTotal mailboxes: 2\n",
        run(root, "-l", "-s", "-z", "-p", "user/joe/*").out());
    Run r = run(root, "-l", "-z", "-p", "user/nobody/*");
    assertEquals(
        "  msgs  Kbytes last msg         partition   quotaroot mailbox\n\nTotal mailboxes: 0\n",
        r.out());
  }

  @Test
  void pathAndAclWithX() {
    Run r = run(root, "-l", "-x", "-p", "user/joe/*");
    String base = root.toAbsolutePath().normalize().resolve("partition/primary").toString();
    assertEquals(
        """
          msgs  Kbytes last msg         partition   quotaroot mailbox

             0       0 -          -     primary             - user/joe/INBOX
              path: BASE/=user/78/67/=joe
              acl: -
             0       0 -          -     primary             - user/joe/Sent
              path: BASE/=user/78/67/=joe/=Sent
              acl: mary lrs
        """
            .replace("BASE", base),
        r.out());
  }

  @Test
  void boundAloneIsASpace() {
    Run plain = run(root, "-l", "-p", "user/jauser/*");
    assertEquals(0, plain.exit(), plain.err());
    for (Run r :
        List.of(
            run(root, "-l", "-B", "-p", "user/jauser/*"),
            run(root, "-l", "-p", "user/jauser/*", "-B"),
            run(root, "-l", "-B", " ", "-p", "user/jauser/*"))) {
      assertEquals(plain, r);
    }
  }

  @Test
  void boundSeparatesEveryColumn() {
    Run r = run(root, "-l", "-B", "|", "-p", "user/jauser/*");
    assertEquals(
        """
          msgs| Kbytes|last msg  |     |partition  |quotaroot|mailbox

             0|      0|-         |-    |primary    |     5120|user/jauser/INBOX
             0|      0|-         |-    |primary    |        -|user/jauser/&MFQwf3ux-
             0|      0|-         |-    |primary    |        -|user/jauser/&Tgtm+DBN-
             1|      0|2009/03/23|11:59|primary    |        -|user/jauser/&kAFP4W4IMH8-
        """,
        r.out());
  }

  @Test
  void deletedMailboxesComeFromTheJournal() {
    Run r = run(root, "-l", "-D");
    assertEquals(
        """
          msgs  Kbytes last msg         partition   quotaroot mailbox

             -       - 2009/04/01 08:30 primary             - user/joe/old
        """,
        r.out());
    assertEquals("user/joe/old\n", run(root, "-l", "-D", "-s", "-p", "user/joe/*").out());
    assertEquals("", run(root, "-l", "-D", "-s", "-p", "user/mary/*").out());
    assertEquals(
        "{\"mailbox\":\"user/joe/old\",\"messages\":-1,\"bytes\":-1,\"lastAppendMillis\":0,"
            + "\"partition\":\"primary\",\"quotaKbytes\":-1,\"path\":null,\"acl\":null,"
            + "\"deletedMicros\":1238574600000000,"
            + "\"deletedBy\":\"root (mboxutil -d user/joe/old)\"}\n",
        run(root, "-l", "-D", "--format", "json").out());
  }

  @Test
  void jsonIsOneObjectPerLine() {
    Run r = run(root, "-l", "--format", "json", "-z", "-P", "kAFP|jauser/INBOX");
    assertEquals(
        """
        {"mailbox":"user/jauser/INBOX","messages":0,"bytes":0,"lastAppendMillis":0,\
        "partition":"primary","quotaKbytes":5120,"path":null,"acl":null,"deletedMicros":0,\
        "deletedBy":null}
        {"mailbox":"user/jauser/&kAFP4W4IMH8-","messages":1,"bytes":898,\
        "lastAppendMillis":1237809545000,"partition":"primary","quotaKbytes":-1,"path":null,\
        "acl":null,"deletedMicros":0,"deletedBy":null}
        {"count":2}
        """,
        r.out());
    assertEquals(
        "{\"mailbox\":\"user/joe/Sent\",\"messages\":0,\"bytes\":0,\"lastAppendMillis\":0,"
            + "\"partition\":\"primary\",\"quotaKbytes\":-1,"
            + "\"path\":\""
            + root.toAbsolutePath().normalize().resolve("partition/primary")
            + "/=user/78/67/=joe/=Sent\",\"acl\":[{\"mailboxId\":6,\"identifier\":\"mary\",\"rights\":\"lrs\"}],"
            + "\"deletedMicros\":0,\"deletedBy\":null}\n",
        run(root, "-l", "-x", "--format", "json", "-p", "user/joe/Sent").out());
  }

  @Test
  void badListingInputIsRefused() {
    assertRefused(root, 64, "-P: invalid regular expression '(a+'", "-l", "-P", "(a+");
    assertRefused(root, 64, "-p: the pattern is empty", "-l", "-p", "");
    assertRefused(root, 64, "-p and -P cannot be used together", "-l", "-p", "*", "-P", "x");
    assertRefused(root, 64, "-s and -x cannot be used together", "-l", "-s", "-x");
    assertRefused(root, 64, "Unknown option: '-q'", "-l", "-q");
    assertRefused(root, 64, "one of -l -c -d -r -e -C -o -R -S is required");
    assertRefused(root, 64, "-l and -c cannot be used together", "-l", "-c", "user/x/INBOX");
    assertRefused(root, 64, "-E UTF-16: UTF-16 and UTF-32 are not supported", "-l", "-E", "UTF-16");
    assertRefused(
        root,
        64,
        "Invalid value for option '--format': expected one of [text, json]",
        "-l",
        "--format",
        "xml");
  }

  @Test
  void aMissingStoreIsNoInput() {
    assertEquals(66, run(root.resolve("nothing-here"), "-l").exit());
  }
}
