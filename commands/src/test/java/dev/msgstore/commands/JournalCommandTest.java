package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.journal.JournalEntry;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.command.StoreFlags;
import java.io.ByteArrayInputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCommandTest {
  static final Author ADMIN = new Author("admin", "mboxutil -c user/joe/INBOX", "mailhost", 4242);
  static final Author MTA = new Author("mta", "deliver joe", "mailhost", 4243);
  static final Author ANN =
      new Author("ann", "imap: a1 UID STORE 1 +FLAGS (\\Seen)", "mailhost", 77);

  @TempDir Path root;

  @BeforeEach
  void history() throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    try (Store s = Store.open(root, clock)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      s.execute(ADMIN, new SetAcl("user/joe/INBOX", "ann", "lrs"));
      s.append(
          MTA,
          "user/joe/INBOX",
          new ByteArrayInputStream(
              "Message-ID: <1@example.com>\r\nSubject: hi\r\n\r\nhello\r\n"
                  .getBytes(StandardCharsets.US_ASCII)),
          AppendOptions.DEFAULT);
      s.execute(
          ANN,
          new StoreFlags(
              "user/joe/INBOX",
              List.of(1L),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.SEEN),
              List.of()));
      s.execute(ADMIN, new SetConfig("store.cleanupage", "24"));
    }
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(JournalCommandTest.class.getResourceAsStream("/golden/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  Cli journal(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "journal";
    all[1] = "--store";
    all[2] = root.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.run(all);
  }

  @Test
  void showsEveryCommitAsALine() throws IOException {
    Cli r = journal();
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("journal.txt"), r.out());
  }

  @Test
  void jsonIsOneObjectPerCommit() throws IOException {
    Cli r = journal("--json");
    assertEquals(0, r.exit(), r.err());
    // Chronicle numbers commits by the day they were written on: the golden text cannot know it.
    assertEquals(
        golden("journal.jsonl"), r.out().replaceAll("\\{\"index\":[0-9]+,", "{\"index\":N,"));
  }

  @Test
  void filtersByTypeActorUserMailboxAndTime() {
    assertEquals(1, journal("--type", "acl").out().lines().count());
    assertEquals(2, journal("--type", "message").out().lines().count());
    assertEquals(1, journal("--type", "message.flags-stored").out().lines().count());
    assertEquals(3, journal("--actor", "admin").out().lines().count());
    assertTrue(journal("--actor", "ann").out().contains("message.flags-stored"));
    assertEquals(1, journal("--user", "ann").out().lines().count(), "the ACL naming ann");
    assertEquals(4, journal("--user", "joe").out().lines().count());
    assertEquals(4, journal("--mailbox", "user/joe/%").out().lines().count());
    assertEquals(0, journal("--mailbox", "user/bob/*").out().lines().count());
    assertEquals(5, journal("--since", "2026-11-28T10:00:00Z").out().lines().count());
    assertEquals(2, journal("--until", "2026-11-28T10:00:00.000001Z").out().lines().count());
    assertEquals(0, journal("--since", "2026-11-29").out().lines().count());
    assertEquals(
        5, journal("--until", "2026-11-28").out().lines().count(), "a date ends at midnight");
  }

  @Test
  void theResultIsTheCommitsShown() {
    VerbRun r = VerbRun.run("journal", "--store", root.toString());
    assertEquals(0, r.exit(), r.err());
    List<JournalEntry> entries = r.list(JournalEntry.class);
    List<Commit> commits = new ArrayList<>();
    try (Journal j = Journal.open(StoreLayout.journal(root));
        JournalCursor c = j.cursor()) {
      c.seekAfter(Journal.NO_INDEX);
      for (Commit next = c.next(); next != null; next = c.next()) {
        commits.add(next);
      }
    }
    assertEquals(commits.size(), entries.size());
    for (int i = 0; i < commits.size(); i++) {
      assertEquals(commits.get(i).index(), entries.get(i).index());
      assertEquals(commits.get(i).meta(), entries.get(i).meta());
      assertEquals(commits.get(i).events(), entries.get(i).events());
    }
    assertEquals(r.out().lines().count(), entries.size(), "one line per entry");

    VerbRun acl = VerbRun.run("journal", "--store", root.toString(), "--type", "acl");
    JournalEntry only = acl.list(JournalEntry.class).get(0);
    assertEquals(1, acl.list(JournalEntry.class).size());
    assertEquals(List.of(new AclEvent.EntrySet(1, "ann", "lrs")), only.events());
    assertEquals(Map.of(1L, "user/joe/INBOX"), only.mailboxNames());
    assertEquals("admin", only.meta().actor());
  }

  @Test
  void badFiltersAreUsageErrors() {
    Cli r = journal("--since", "yesterday");
    assertEquals(64, r.exit());
    assertEquals(
        "journal: --since: not an ISO-8601 time: 'yesterday' (e.g. 2026-11-28T10:00:00Z)\n",
        r.err());
    Cli t = journal("--type", "mesage");
    assertEquals(64, t.exit());
    assertTrue(t.err().startsWith("journal: unknown event type 'mesage'; known: mailbox.created"));
  }

  @Test
  void aStoreWithoutAJournalIsNoInput() {
    Cli r = Cli.run("journal", "--store", root.resolve("nowhere").toString());
    assertEquals(66, r.exit());
    assertTrue(r.err().startsWith("journal: no journal in "), r.err());
  }

  @Test
  void followShowsNewCommitsAsTheyCome() throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    dev.msgstore.commands.cli.CliContext ctx =
        new dev.msgstore.commands.cli.CliContext(
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(new java.io.StringWriter()),
            java.util.Map.of(),
            "tester",
            List.of());
    Thread follower =
        new Thread(
            () ->
                Main.run(
                    ctx, "journal", "--store", root.toString(), "--follow", "--type", "config"));
    follower.start();
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.cleanupage", "48"));
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (!out.toString().contains("newValue=48") && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    follower.interrupt();
    follower.join(5_000);
    assertTrue(out.toString().contains("oldValue=24 newValue=48"), out.toString());
  }

  @Test
  void anInterruptStopsTheScanAtTheNextCommit() {
    StringWriter out = new StringWriter();
    // interrupts the verb's thread as the first commit is shown, as the shell's Ctrl-C would
    Writer interruptingOut =
        new FilterWriter(out) {
          @Override
          public void write(String s, int off, int len) throws IOException {
            super.write(s, off, len);
            Thread.currentThread().interrupt();
          }
        };
    CliContext ctx =
        new CliContext(
            new PrintWriter(interruptingOut),
            new PrintWriter(new StringWriter()),
            Map.of(),
            "tester",
            List.of());
    int code;
    try {
      code = Main.run(ctx, "journal", "--store", root.toString());
    } finally {
      Thread.interrupted();
    }
    assertEquals(1, out.toString().lines().count(), out::toString);
    assertEquals(70, code);
  }
}
