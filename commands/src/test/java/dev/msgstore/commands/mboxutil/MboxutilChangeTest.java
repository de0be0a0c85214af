package dev.msgstore.commands.mboxutil;

import static dev.msgstore.commands.mboxutil.MboxutilFixture.ADMIN;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.append;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.assertRefused;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.journalEnd;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.open;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.mboxutil.MboxutilFixture.Run;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.command.SetUserStatus;
import dev.msgstore.store.command.Subscribe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modes of {@code mboxutil} that change the store, and their refusals. */
class MboxutilChangeTest {
  @TempDir Path root;
  @TempDir Path work;

  @BeforeEach
  void store() throws IOException {
    try (Store s = open(root, "2020-01-10T09:00:00Z")) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      for (String name :
          List.of(
              "user/delilah/INBOX",
              "user/delilah/projx",
              "user/druscilla/INBOX",
              "user/druscilla/a",
              "user/druscilla/a/b",
              "user/desdemona/INBOX",
              "user/desdemona/memos",
              "user/dimitria/INBOX",
              "user/dimitria/personal",
              "user/jo@example.com/INBOX")) {
        s.execute(ADMIN, new CreateMailbox(name, null));
      }
      append(s, "user/dimitria/INBOX", 500, 0, AppendOptions.DEFAULT);
      append(s, "user/dimitria/personal", 700, 0, AppendOptions.DEFAULT);
    }
  }

  private String names() {
    return run(root, "-l", "-s").out();
  }

  private Path file(String name, String content) throws IOException {
    Path f = work.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void createsAnAccountThenAFolder() throws IOException {
    Run r = run(root, "-c", "user/daphne/INBOX");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out() + r.err());
    assertEquals(0, run(root, "-c", "user/daphne/Drafts").exit());
    assertEquals(0, run(root, "-c", "user/jo@example.com/Sent").exit());
    assertEquals(
        "user/daphne/INBOX\nuser/daphne/Drafts\n",
        run(root, "-l", "-s", "-p", "user/daphne/*").out());
    Path f = file("new.txt", "user/ann/INBOX\nuser/ann/work\n\nuser/ann/work/2026\n");
    assertEquals(0, run(root, "-c", "-f", f.toString()).exit());
    assertEquals(
        "user/ann/INBOX\nuser/ann/work\nuser/ann/work/2026\n",
        run(root, "-l", "-s", "-p", "user/ann/*").out());
    assertEquals(0, run(root, "-c", "-E", "UTF-8", "user/ann/Entwürfe").exit());
    assertTrue(names().contains("user/ann/Entw&APw-rfe\n"));
  }

  @Test
  void aUsersFirstFolderBringsTheirInbox() throws IOException {
    Run r = run(root, "-c", "user/ghost/projx");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "user/ghost/INBOX\nuser/ghost/projx\n", run(root, "-l", "-s", "-p", "user/ghost/*").out());
    Path f = file("first.txt", "user/newbie/Projects\nuser/newbie/INBOX\nuser/newbie/Projects/a\n");
    assertEquals(0, run(root, "-c", "-f", f.toString()).exit());
    assertEquals(
        "user/newbie/INBOX\nuser/newbie/Projects\nuser/newbie/Projects/a\n",
        run(root, "-l", "-s", "-p", "user/newbie/*").out());
    // Deleting that INBOX deletes the account, the folder its INBOX brought too.
    assertEquals(0, run(root, "-d", "user/ghost/INBOX").exit());
    assertEquals("", run(root, "-l", "-s", "-p", "user/ghost/*").out());
  }

  @Test
  void controlCharactersAreRefusedHoweverTheyAreWritten() throws IOException {
    for (String name : List.of("&AAA-", "&AAo-", "&AH8-", "a&AAkA6Q-")) {
      assertRefused(
          root, 65, "mailbox name contains an illegal character (0x", "-c", "user/delilah/" + name);
    }
    assertRefused(
        root,
        65,
        "mailbox name contains an illegal character (0x0a)",
        "-c",
        "-E",
        "UTF-8",
        "user/delilah/a\nb");
    assertRefused(
        root,
        65,
        "mailbox name is not valid UTF-8: user/delilah/caf?",
        "-c",
        "-E",
        "UTF-8",
        "user/delilah/caf\uFFFD");
    Path lines = work.resolve("names");
    Files.write(
        lines,
        new byte[] {
          'u', 's', 'e', 'r', '/', 'd', 'e', 'l', 'i', 'l', 'a', 'h', '/', (byte) 0xe9, '\n'
        });
    assertRefused(root, 65, "", "-c", "-E", "UTF-8", "-f", lines.toString());
  }

  @Test
  void badCreatesChangeNothing() throws IOException {
    assertRefused(
        root, 65, "mailbox name contains an illegal character ('*')", "-c", "user/delilah/a*b");
    assertRefused(root, 65, "not a modified UTF-7 mailbox name", "-c", "user/delilah/caf\u00e9");
    assertRefused(root, 65, "not a modified UTF-7 mailbox name", "-c", "user/delilah/a&b");
    assertRefused(
        root, 73, "mailbox already exists: user/delilah/projx", "-c", "user/delilah/projx");
    assertRefused(
        root, 73, "mailbox already exists: user/delilah/INBOX", "-c", "user/delilah/inbox");
    assertRefused(root, 66, "cannot read", "-c", "-f", work.resolve("missing").toString());
    // All or nothing: the second line exists, so the first is not created either.
    Path f = file("some.txt", "user/delilah/new\nuser/delilah/projx\n");
    assertRefused(root, 73, "mailbox already exists", "-c", "-f", f.toString());
    assertRefused(root, 64, "-c takes one mailbox name", "-c", "user/a/INBOX", "user/b/INBOX");
    assertRefused(root, 64, "-p cannot be used with -c", "-c", "-p", "x");
  }

  @Test
  void deletesAFolderAndAWholeAccount() throws IOException {
    assertEquals(0, run(root, "-d", "user/delilah/projx").exit());
    assertEquals(0, run(root, "-d", "user/druscilla/INBOX").exit());
    String left = names();
    assertTrue(left.contains("user/delilah/INBOX\n"));
    assertTrue(!left.contains("projx") && !left.contains("druscilla"), left);
    // The account went in one commit, and the journal says who did it.
    assertEquals(
        "user/druscilla/INBOX\nuser/druscilla/a\nuser/druscilla/a/b\n",
        run(root, "-l", "-D", "-s", "-p", "user/druscilla/*").out());
  }

  @Test
  void deletesByPatternRegexAndFile() throws IOException {
    assertEquals(0, run(root, "-d", "-p", "user/dimitria/%").exit());
    assertEquals("", run(root, "-l", "-s", "-p", "user/dimitria/*").out());
    assertEquals(0, run(root, "-d", "-P", "^user/des.*/memos$").exit());
    assertEquals("user/desdemona/INBOX\n", run(root, "-l", "-s", "-p", "user/desdemona/*").out());
    Path f = file("orphans", "user/delilah/INBOX\nuser/jo@example.com/INBOX\n");
    assertEquals(0, run(root, "-d", "-f", f.toString()).exit());
    assertEquals(
        "user/desdemona/INBOX\nuser/druscilla/INBOX\nuser/druscilla/a\nuser/druscilla/a/b\n",
        names());
  }

  @Test
  void badDeletesChangeNothing() throws IOException {
    assertRefused(root, 66, "no such mailbox: user/delilah/nothing", "-d", "user/delilah/nothing");
    assertRefused(root, 67, "unknown user ghost", "-d", "user/ghost/INBOX");
    assertRefused(root, 67, "unknown user ghost", "-d", "-p", "user/ghost/*");
    assertRefused(root, 66, "no mailbox matches user/delilah/zz*", "-d", "-p", "user/delilah/zz*");
    assertRefused(root, 64, "-P: invalid regular expression", "-d", "-P", "user/[a");
    assertRefused(root, 65, "mailbox name contains an illegal character", "-d", "user/x/a%b");
    assertRefused(root, 66, "cannot read", "-d", "-f", work.resolve("missing").toString());
    Path f = file("mixed", "user/delilah/projx\nuser/delilah/gone\n");
    // a name read from a file is named by its line: the file may be anything (issue 11)
    assertRefused(root, 66, "no such mailbox: [" + f + ", line 2]", "-d", "-f", f.toString());
    assertTrue(names().contains("user/delilah/projx\n"));
    assertRefused(root, 64, "-d needs a mailbox name", "-d");
  }

  @Test
  void renamesAndMoves() throws IOException {
    assertEquals(0, run(root, "-r", "user/desdemona/memos", "user/desdemona/memos-april").exit());
    assertEquals(
        "user/desdemona/INBOX\nuser/desdemona/memos-april\n",
        run(root, "-l", "-s", "-p", "user/desdemona/*").out());
    // A folder to another partition.
    Run r = run(root, "-r", "user/dimitria/personal", "user/dimitria/personal", "second");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of("primary", "second"),
        List.of(partition("user/dimitria/INBOX"), partition("user/dimitria/personal")));
    assertEquals(
        0, run(root, "-r", "user/dimitria/personal", "user/dimitria/personal", "primary").exit());
    // The whole account to another partition, bodies and all.
    r = run(root, "-r", "user/dimitria/INBOX", "user/dimitria/INBOX", "second");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of("second", "second"),
        List.of(partition("user/dimitria/INBOX"), partition("user/dimitria/personal")));
    try (Store s = Store.open(root);
        ProjectionReader rd = s.read()) {
      for (MailboxRecord m : rd.mailboxes("user/dimitria/")) {
        for (var msg : rd.messages(m.id())) {
          assertTrue(s.bodies("second").contains(msg.digest()));
        }
      }
    }
    // New folders follow the account.
    assertEquals(0, run(root, "-c", "user/dimitria/later").exit());
    assertEquals("second", partition("user/dimitria/later"));
    // Pairs from a file.
    Path f =
        file(
            "pairs",
            "user/delilah/projx\nuser/delilah/projy\nuser/druscilla/a\nuser/druscilla/c\n");
    assertEquals(0, run(root, "-r", "-f", f.toString()).exit());
    String all = names();
    assertTrue(all.contains("user/delilah/projy\n") && all.contains("user/druscilla/c/b\n"), all);
  }

  private String partition(String name) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(name).orElseThrow().partition();
    }
  }

  @Test
  void badRenamesChangeNothing() throws IOException {
    assertRefused(
        root,
        73,
        "mailbox already exists: user/delilah/INBOX",
        "-r",
        "user/delilah/projx",
        "user/delilah/INBOX");
    assertRefused(
        root,
        66,
        "no such mailbox: user/delilah/none",
        "-r",
        "user/delilah/none",
        "user/delilah/x");
    assertRefused(root, 67, "unknown user ghost", "-r", "user/delilah/projx", "user/ghost/projx");
    assertRefused(
        root,
        66,
        "no such partition: third",
        "-r",
        "user/dimitria/INBOX",
        "user/dimitria/INBOX",
        "third");
    assertRefused(
        root,
        65,
        "mailbox name contains an illegal character",
        "-r",
        "user/delilah/projx",
        "user/delilah/p*");
    assertRefused(
        root,
        64,
        "renaming user/delilah/projx onto itself",
        "-r",
        "user/delilah/projx",
        "user/delilah/projx");
    assertRefused(root, 64, "-r takes old_name new_name", "-r", "user/delilah/projx");
    Path odd = file("odd", "user/delilah/projx\nuser/delilah/p2\nuser/desdemona/memos\n");
    assertRefused(root, 65, "", "-r", "-f", odd.toString());
    // The second pair is bad: the first is not renamed either.
    Path f =
        file(
            "pairs",
            "user/delilah/projx\nuser/delilah/p2\nuser/desdemona/memos\nuser/desdemona/INBOX\n");
    assertRefused(
        root, 73, "mailbox already exists: user/desdemona/INBOX", "-r", "-f", f.toString());
    assertRefused(root, 66, "cannot read", "-r", "-f", work.resolve("missing").toString());
  }

  @Test
  void expungesDeletedMessagesAndRestoresThem() throws IOException {
    try (Store s = Store.open(root)) {
      AppendOptions deleted = AppendOptions.DEFAULT.withFlags(Set.of(SystemFlag.DELETED));
      append(s, "user/desdemona/memos", 100, 0, deleted);
      append(s, "user/desdemona/memos", 100, 0, deleted);
      append(s, "user/desdemona/memos", 100, 0, AppendOptions.DEFAULT);
      append(s, "user/delilah/INBOX", 100, 0, deleted);
    }
    Run r = run(root, "-e", "-p", "user/desdemona/*");
    assertEquals(0, r.exit(), r.err());
    assertEquals("user/desdemona/memos: 2 expunged\n", r.out());
    assertEquals("user/delilah/INBOX: 1 expunged\n", run(root, "-e").out());
    assertEquals("", run(root, "-e").out());
    r = run(root, "-R", "-t", "24", "user/desdemona/memos");
    assertEquals(0, r.exit(), r.err());
    assertEquals("user/desdemona/memos: 2 restored\n", r.out());
    assertEquals(
        "user/desdemona/memos: 0 restored\n", run(root, "-R", "user/desdemona/memos").out());
    assertEquals("", run(root, "-e", "-p", "user/desdemona/*").out(), "restored, not deleted");
    String help = run(root, "--help").out().replaceAll("\\s+", " ");
    assertTrue(
        help.contains(
            "-R Restore expunged messages not yet purged, under new UIDs and without \\Deleted"),
        help);
    try (Store s = Store.open(root);
        ProjectionReader reader = s.read()) {
      MailboxRecord memos = reader.mailbox("user/desdemona/memos").orElseThrow();
      assertEquals(
          List.of(Set.of(), Set.of(), Set.of()),
          reader.messages(memos.id()).stream().map(m -> m.flags()).toList());
    }
    assertRefused(root, 67, "unknown user ghost", "-e", "-p", "user/ghost/*");
    assertRefused(root, 66, "no mailbox matches", "-e", "-P", "nothing-like-this");
    assertRefused(root, 64, "-P: invalid regular expression", "-e", "-P", "*x");
    assertRefused(root, 66, "no such mailbox: user/delilah/none", "-R", "user/delilah/none");
    assertRefused(root, 67, "unknown user ghost", "-R", "user/ghost/INBOX");
    assertRefused(root, 64, "-R takes one mailbox name", "-R");
  }

  @Test
  void restoreOnlyGoesBackTheHoursAsked() throws IOException {
    try (Store s = open(root, "2020-01-10T09:00:00Z")) {
      append(s, "user/desdemona/memos", 100, 0, AppendOptions.DEFAULT);
      s.execute(ADMIN, new Expunge("user/desdemona/memos", List.of(1L)));
    }
    assertEquals(
        "user/desdemona/memos: 0 restored\n",
        run(root, "-R", "-t", "24", "user/desdemona/memos").out());
    assertEquals(
        "user/desdemona/memos: 1 restored\n", run(root, "-R", "user/desdemona/memos").out());
  }

  @Test
  void cleanupPurgesMailboxesWithEnoughExpunged() throws IOException {
    try (Store s = open(root, "2020-01-10T09:00:00Z")) {
      for (int i = 1; i <= 3; i++) {
        append(s, "user/desdemona/memos", 100, 0, AppendOptions.DEFAULT);
      }
      append(s, "user/delilah/INBOX", 100, 0, AppendOptions.DEFAULT);
      s.execute(ADMIN, new Expunge("user/desdemona/memos", List.of(1L, 2L, 3L)));
      s.execute(ADMIN, new Expunge("user/delilah/INBOX", List.of(1L)));
    }
    Run r = run(root, "-C", "-g", "2");
    assertEquals(0, r.exit(), r.err());
    assertEquals("user/desdemona/memos: 3 cleaned up\n", r.out());
    assertEquals(
        "user/desdemona/memos: 0 restored\n", run(root, "-R", "user/desdemona/memos").out());
    assertEquals(
        "user/delilah/INBOX: 1 cleaned up\n", run(root, "-C", "-p", "user/delilah/*").out());
    assertRefused(root, 64, "-g must be greater than 0", "-C", "-g", "0");
  }

  @Test
  void orphanAndInactiveAccounts() throws IOException {
    try (Store s = open(root, "2020-01-10T09:00:00Z")) {
      s.execute(ADMIN, new SetUserStatus("delilah", "deleted"));
    }
    Run r = run(root, "-o");
    assertEquals(0, r.exit(), r.err());
    assertEquals("user/delilah/INBOX\n", r.out());
    Path out = work.resolve("orphanfile");
    assertEquals(0, run(root, "-o", "-w", out.toString(), "-t", "60").exit());
    String listed = Files.readString(out);
    assertTrue(listed.startsWith("user/delilah/INBOX\nuser/desdemona/INBOX\n"), listed);
    assertEquals(5, listed.lines().count(), listed);
    // What -o wrote, -d -f deletes.
    assertEquals(0, run(root, "-d", "-f", out.toString()).exit());
    assertEquals("", names());
    assertRefused(root, 73, "cannot write", "-o", "-w", work.resolve("no/such/dir/f").toString());
  }

  @Test
  void subscriptions() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new Subscribe("delilah", "user/delilah/projx", true));
      s.execute(ADMIN, new Subscribe("delilah", "user/delilah/gone", true));
      s.execute(ADMIN, new Subscribe("desdemona", "user/desdemona/old", true));
    }
    assertEquals(
        "delilah user/delilah/gone\ndelilah user/delilah/projx\ndesdemona user/desdemona/old\n",
        run(root, "-S").out());
    assertEquals(
        "delilah user/delilah/gone\ndesdemona user/desdemona/old\n", run(root, "-S", "-n").out());
    Path f = file("orphanfile", "user/delilah/INBOX\n");
    assertEquals("delilah user/delilah/gone\n", run(root, "-S", "-n", "-f", f.toString()).out());
    long before = journalEnd(root);
    assertEquals("delilah user/delilah/gone\n", run(root, "-S", "-u", "-f", f.toString()).out());
    assertTrue(journalEnd(root) > before);
    assertEquals("desdemona user/desdemona/old\n", run(root, "-S", "-n").out());
    assertEquals(
        "{\"user\":\"desdemona\",\"mailbox\":\"user/desdemona/old\",\"unsubscribed\":false}\n",
        run(root, "-S", "-n", "--format", "json").out());
    assertRefused(root, 64, "-S -u needs -f file", "-S", "-u");
    Path ghost = file("ghost", "user/ghost/INBOX\n");
    assertRefused(root, 67, "unknown user ghost", "-S", "-u", "-f", ghost.toString());
    assertRefused(root, 66, "cannot read", "-S", "-u", "-f", work.resolve("missing").toString());
  }
}
