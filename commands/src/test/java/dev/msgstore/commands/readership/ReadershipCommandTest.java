package dev.msgstore.commands.readership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.VerbRun;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.RecordSharedAccess;
import dev.msgstore.store.command.SetAcl;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code readership} through the CLI in this JVM. Accesses are recorded under fixed clocks and the
 * verb runs at {@link #NOW}, so that the day and month arithmetic is exact.
 */
class ReadershipCommandTest {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);
  static final String NOW = "2024-06-30T12:00:00Z";

  @TempDir Path root;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("readership", "--store", root.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), "tester", all);
    CommandLine cl = Main.commandLine(ctx);
    ReadershipCommand command =
        (ReadershipCommand) cl.getSubcommands().get("readership").getCommand();
    command.clock = clock(NOW);
    int code = cl.execute(all.toArray(String[]::new));
    ctx.out().flush();
    ctx.err().flush();
    return new Run(code, out.toString(), err.toString());
  }

  static Clock clock(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  void access(String when, String mailbox, String user) {
    try (Store s = Store.open(root, clock(when))) {
      s.execute(ADMIN, new RecordSharedAccess(mailbox, user));
    }
  }

  long journalEnd() {
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      return j.lastIndex();
    }
  }

  String acl(String mailbox) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.acl(r.mailbox(mailbox).orElseThrow().id()).stream()
          .map(e -> e.identifier() + " " + e.rights())
          .collect(Collectors.joining(", "));
    }
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            ReadershipCommandTest.class.getResourceAsStream("/readership/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void store() {
    try (Store s = Store.open(root, clock("2024-01-01T00:00:00Z"))) {
      for (String name :
          List.of(
              "user/joe/INBOX",
              "user/joe/golf",
              "user/joe/private",
              "user/joe/projects",
              "user/mary/INBOX",
              "user/ann/INBOX",
              "user/bob/INBOX",
              "shared/news")) {
        s.execute(ADMIN, new CreateMailbox(name, null));
      }
      s.execute(ADMIN, new SetAcl("user/joe/golf", "mary", "lr"));
      s.execute(ADMIN, new SetAcl("user/joe/golf", "ann", "lrs"));
      s.execute(ADMIN, new SetAcl("user/joe/private", "joe", "lrswipkxaten")); // owner only
      s.execute(ADMIN, new SetAcl("user/joe/projects", "anyone", "lr"));
    }
    access("2024-06-01T12:00:00Z", "user/joe/golf", "mary"); // exactly 29 days before NOW
    access("2024-06-29T12:00:00Z", "user/joe/golf", "ann"); // 1 day before
    access("2024-06-29T13:00:00Z", "user/joe/golf", "joe"); // the owner: not recorded
    access("2024-01-10T08:00:00Z", "shared/news", "bob"); // more than 5 months before
    access("2024-04-01T00:00:00Z", "user/joe/projects", "bob"); // within 3 months
    access("2024-03-30T11:59:59Z", "user/joe/private", "mary"); // not a shared folder
  }

  @Test
  void countsReadersOfEachSharedFolderWithinDays() throws IOException {
    Run r = run("-d", "29");
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("d29.txt"), r.out());
    assertEquals("0 shared/news\n1 user/joe/golf\n0 user/joe/projects\n", run("-d", "28").out());
    assertEquals("0 shared/news\n1 user/joe/golf\n0 user/joe/projects\n", run("-d", "1").out());
    assertEquals("0 shared/news\n2 user/joe/golf\n1 user/joe/projects\n", run("-d", "91").out());
    assertEquals("1 shared/news\n2 user/joe/golf\n1 user/joe/projects\n", run().out());
    assertEquals(run().out(), run("-d", String.valueOf(Integer.MAX_VALUE)).out());
  }

  @Test
  void forgetsStaleReadersThenCountsWithP() {
    long before = journalEnd();
    Run r = run("-p", "3");
    assertEquals(0, r.exit(), r.err());
    // Cut-off 2024-03-30T12:00Z: bob on shared/news is forgotten, bob on projects (April) kept.
    assertEquals("0 shared/news\n2 user/joe/golf\n1 user/joe/projects\n", r.out());
    assertEquals(before + 1, journalEnd(), "one commit");
    assertEquals("0 shared/news\n2 user/joe/golf\n1 user/joe/projects\n", run().out());
    long after = journalEnd();
    assertEquals(r.out(), run("-p", "3").out());
    assertEquals(after, journalEnd(), "nothing left to forget writes nothing");
    assertEquals("0 shared/news\n2 user/joe/golf\n0 user/joe/projects\n", run("-p", "1").out());
    access("2024-06-30T10:00:00Z", "shared/news", "bob"); // reading again counts again
    assertEquals("1 shared/news\n1 user/joe/golf\n0 user/joe/projects\n", run("-d", "1").out());
  }

  @Test
  void setsAndRemovesAnAclEntry() {
    Run r = run("-s", "user/joe/golf", "bob", "lpr");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out() + r.err());
    assertEquals("ann lrs, bob lrp, mary lr", acl("user/joe/golf"));
    assertEquals(0, run("-s", "user/joe/golf", "mary", "").exit());
    assertEquals(0, run("-s", "user/joe/golf", "ann").exit());
    assertEquals("bob lrp", acl("user/joe/golf"));
    assertEquals(0, run("-s", "user/joe/golf", "bob", "lrswipkxaten").exit());
    assertEquals("bob lrswipkxaten", acl("user/joe/golf"));
    // The owner's own rights do not make a folder shared: without bob, golf is not listed.
    assertEquals(0, run("-s", "user/joe/golf", "bob", "").exit());
    assertEquals(0, run("-s", "user/joe/golf", "joe", "lrs").exit());
    assertEquals("0 shared/news\n0 user/joe/projects\n", run("-d", "1").out());
  }

  @Test
  void setsOnEveryMailboxMatchingAPatternInOneCommit() {
    long before = journalEnd();
    Run r = run("-s", "-m", "user/joe/*", "mary", "lpr");
    assertEquals(0, r.exit(), r.err());
    assertEquals(before + 1, journalEnd(), "one commit");
    for (String m : List.of("user/joe/INBOX", "user/joe/golf", "user/joe/private")) {
      assertTrue(acl(m).contains("mary lrp"), m + ": " + acl(m));
    }
    assertEquals("", acl("user/mary/INBOX"));
    assertEquals(0, run("-s", "-m", "user/%/INBOX", "mary").exit());
    assertEquals("", acl("user/joe/INBOX"));
    assertEquals("ann lrs, mary lrp", acl("user/joe/golf"));
  }

  @Test
  void refusesBadInputWithOneLineAndWritesNothing() {
    refused(65, "readership: 'q' is not an ACL right", "-s", "user/joe/golf", "mary", "lqr");
    refused(65, "readership: 'q' is not an ACL right", "-s", "-m", "user/*", "mary", "lqr");
    refused(66, "readership: no such mailbox: user/joe/nope", "-s", "user/joe/nope", "mary", "l");
    refused(66, "readership: no mailbox matches user/zed/*", "-s", "-m", "user/zed/*", "mary");
    refused(64, "readership: -d: days must be 1 or more, not 0", "-d", "0");
    refused(64, "readership: -p: months must be 1 or more, not -2", "-p", "-2");
    refused(64, "readership: -d and -p cannot be used together", "-d", "1", "-p", "1");
    refused(64, "readership: -s cannot be used with -d or -p", "-s", "-p", "1", "a", "b", "l");
    refused(64, "readership: -s takes: mailbox identifier [rights]", "-s", "user/joe/golf");
    refused(64, "readership: -m can only be used with -s", "-m", "user/*");
    refused(64, "readership: Invalid value for option '-d'", "-d", "ten");
    refused(64, "readership: Invalid value for option '-p'", "-p", "1.5");
    refused(64, "readership: Unknown option: '-z'", "-z");
    assertEquals("ann lrs, mary lr", acl("user/joe/golf"));
  }

  VerbRun forAScript(String... args) {
    List<String> all = new ArrayList<>(List.of("readership", "--store", root.toString()));
    all.addAll(List.of(args));
    VerbRun r =
        VerbRun.run(
            InputStream.nullInputStream(),
            verb -> ((ReadershipCommand) verb).clock = clock(NOW),
            all.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    return r;
  }

  /** The readers other than the owner whose last access is at or after {@code since}. */
  int readers(String mailbox, String since) {
    long cut = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(since));
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return (int)
          r.readership(r.mailbox(mailbox).orElseThrow().id()).stream()
              .filter(a -> a.lastMicros() >= cut)
              .count();
    }
  }

  @Test
  void theResultIsTheCountPerSharedFolder() {
    VerbRun d = forAScript("-d", "29");
    List<SharedFolderReaders> rows = d.list(SharedFolderReaders.class);
    assertEquals(
        List.of("shared/news", "user/joe/golf", "user/joe/projects"),
        rows.stream().map(SharedFolderReaders::mailbox).toList());
    for (SharedFolderReaders row : rows) {
      assertEquals(readers(row.mailbox(), "2024-06-01T12:00:00Z"), row.readers(), row.mailbox());
    }
    assertEquals(2, rows.get(1).readers(), "mary, on the cut-off, and ann");
    List<SharedFolderReaders> ever = forAScript().list(SharedFolderReaders.class);
    assertEquals(List.of(1, 2, 1), ever.stream().map(SharedFolderReaders::readers).toList());
    for (SharedFolderReaders row : ever) {
      assertEquals(readers(row.mailbox(), "1970-01-01T00:00:00Z"), row.readers(), row.mailbox());
    }
    // -p forgets, then counts: what is left in the store is what the result counts.
    List<SharedFolderReaders> kept = forAScript("-p", "3").list(SharedFolderReaders.class);
    assertEquals(List.of(0, 2, 1), kept.stream().map(SharedFolderReaders::readers).toList());
    assertEquals(0, readers("shared/news", "1970-01-01T00:00:00Z"), "bob was forgotten");
    for (SharedFolderReaders row : kept) {
      assertEquals(readers(row.mailbox(), "1970-01-01T00:00:00Z"), row.readers(), row.mailbox());
    }
  }

  @Test
  void theResultOfSIsTheEntriesChanged() {
    assertEquals(
        List.of(new AclEntrySet("user/joe/golf", "bob", "lrp")),
        forAScript("-s", "user/joe/golf", "bob", "prl").result());
    assertEquals("ann lrs, bob lrp, mary lr", acl("user/joe/golf"));
    assertEquals(List.of(), forAScript("-s", "user/joe/golf", "bob", "lrp").result(), "unchanged");
    assertEquals(
        List.of(new AclEntrySet("user/joe/golf", "mary", "")),
        forAScript("-s", "user/joe/golf", "mary").result());
    assertEquals("ann lrs, bob lrp", acl("user/joe/golf"));
    List<AclEntrySet> onPattern =
        forAScript("-s", "-m", "user/joe/*", "ann", "lr").list(AclEntrySet.class);
    assertEquals(
        List.of(
            new AclEntrySet("user/joe/INBOX", "ann", "lr"),
            new AclEntrySet("user/joe/golf", "ann", "lr"),
            new AclEntrySet("user/joe/private", "ann", "lr"),
            new AclEntrySet("user/joe/projects", "ann", "lr")),
        onPattern);
    for (AclEntrySet e : onPattern) {
      assertTrue(acl(e.mailbox()).contains("ann lr"), e.mailbox());
    }
  }

  private void refused(int exit, String errStart, String... args) {
    long before = journalEnd();
    Run r = run(args);
    assertEquals(exit, r.exit(), () -> List.of(args) + ": " + r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith(errStart), () -> List.of(args) + ": " + r.err());
    if (exit != 64) {
      assertEquals(1, r.err().lines().count(), r.err());
    }
    assertEquals(before, journalEnd(), "the journal grew");
  }
}
