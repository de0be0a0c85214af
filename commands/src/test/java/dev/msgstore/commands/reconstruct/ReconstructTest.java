package dev.msgstore.commands.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.VerbRun;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.BodyCheck;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.ProjectionWriter;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reconstruct through the CLI, against a store damaged by the test. */
class ReconstructTest {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);
  static final String A = "user/ann/INBOX";
  static final String B = "user/bob/INBOX";

  record Run(int exit, String out, String err) {}

  @TempDir Path root;

  /** ann on primary holds SHARED and ONLY-ANN; bob on partition "second" holds SHARED too. */
  @BeforeEach
  void store() throws IOException {
    twoPartitions(root);
  }

  static void twoPartitions(Path root) throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      s.execute(ADMIN, new CreateMailbox(A, null));
      s.execute(ADMIN, new CreateMailbox("user/ann/work", null));
      s.execute(ADMIN, new CreateMailbox(B, "second"));
      append(s, A, "SHARED");
      append(s, A, "ONLY-ANN");
      append(s, B, "SHARED");
      append(s, "user/ann/work", "WORK");
    }
  }

  static void append(Store s, String mailbox, String marker) throws IOException {
    String msg = "Subject: " + marker + "\r\n\r\n" + marker + " body\r\n";
    s.append(
        ADMIN,
        mailbox,
        new ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)),
        new AppendOptions(Set.of(), List.of(), 0, false, false));
  }

  /** Applies events to the live projections only, as damage the journal does not explain. */
  static void tamper(Path root, Event... events) {
    try (Store s = Store.open(root);
        ProjectionWriter w = s.projections().beginWrite()) {
      long stamp = s.projections().stamp();
      w.apply(new Commit(stamp, new CommitMeta(1, "test", "tamper", "h", 1), List.of(events)));
      w.commit();
    }
  }

  long mailboxId(String name) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(name).orElseThrow().id();
    }
  }

  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("reconstruct", "--store", root.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), "tester", all);
    int code = Main.run(ctx, all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  List<Path> segments(String partition) throws IOException {
    try (Stream<Path> s =
        Files.list(root.resolve("partition").resolve(partition).resolve("bodies"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".body")).toList();
    }
  }

  long journalEnd() {
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      return j.lastIndex();
    }
  }

  List<Long> uids(String mailbox) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.messages(r.mailbox(mailbox).orElseThrow().id()).stream()
          .map(MessageRecord::uid)
          .toList();
    }
  }

  @Test
  void aSoundStoreIsReportedSound() {
    Run r = run("-n");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("checked 3 mailboxes, 4 messages"), r.out());
    assertTrue(r.out().contains("0 damaged bodies: 0 restored, 0 expunged, 0 left"), r.out());
    assertTrue(r.out().contains("mailbox index: consistent"), r.out());
  }

  @Test
  void missingBodiesAreRestoredFromAnotherPartitionOrReported() throws IOException {
    for (Path p : segments("primary")) {
      Files.delete(p);
    }
    long before = journalEnd();
    Run n = run("-n", "-r", "user/ann");
    assertEquals(65, n.exit(), n.out() + n.err());
    assertEquals(before, journalEnd(), "-n writes nothing");
    assertTrue(
        n.out().contains("MISSING: a good copy is on partition second: not repaired (-n)"),
        n.out());

    Run r = run("-r", "user/ann/INBOX");
    assertEquals(65, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains(A + ": uid 1: body "), r.out());
    assertTrue(r.out().contains("is MISSING: restored from partition second"), r.out());
    assertTrue(r.out().contains(A + ": uid 2: body "), r.out());
    assertTrue(
        r.out().contains("no good copy on any partition: not repaired (-f expunges it)"), r.out());
    assertTrue(r.out().contains("2 damaged bodies: 1 restored, 0 expunged, 1 left"), r.out());
    assertEquals(List.of(1L, 2L), uids(A), "nothing removed without -f");

    Run f = run("-f", A);
    assertEquals(0, f.exit(), f.out() + f.err());
    assertTrue(f.out().contains("uid 2: body "), f.out());
    assertTrue(f.out().contains("expunged (-f)"), f.out());
    assertTrue(f.out().contains("1 damaged bodies: 0 restored, 1 expunged, 0 left"), f.out());
    assertEquals(List.of(1L), uids(A));
    Run again = run(A);
    assertEquals(0, again.exit(), again.out());
  }

  @Test
  void flippedBytesAreCorrupt() throws IOException {
    flip("ONLY-ANN body");
    Run r = run("-p", "primary");
    assertEquals(65, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains(A + ": uid 2: body "), r.out());
    assertTrue(r.out().contains(" is CORRUPT: no good copy on any partition"), r.out());
    assertTrue(r.out().contains("checked 2 mailboxes"), r.out());
    Run f = run("-f", "-p", "primary");
    assertEquals(0, f.exit(), f.out());
    assertEquals(List.of(1L), uids(A));
    // Expunged, not lost: it stays in the expunge ledger, restorable.
    try (Store s = Store.open(root);
        ProjectionReader x = s.read()) {
      assertEquals(1, x.expunged(x.mailbox(A).orElseThrow().id()).size());
      assertEquals(
          BodyCheck.CORRUPT,
          s.bodies("primary")
              .verify(x.expunged(x.mailbox(A).orElseThrow().id()).get(0).message().digest()));
    }
  }

  @Test
  void aCorruptBodyWithAGoodCopyElsewhereIsRewritten() throws IOException {
    flip("SHARED body");
    Run r = run("-p", "primary");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("is CORRUPT: restored from partition second"), r.out());
    Run again = run("-n", "-p", "primary");
    assertEquals(0, again.exit(), again.out());
    assertTrue(again.out().contains("0 damaged bodies"), again.out());
  }

  void flip(String marker) throws IOException {
    byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
    for (Path seg : segments("primary")) {
      byte[] all = Files.readAllBytes(seg);
      for (int i = 0; i + needle.length <= all.length; i++) {
        if (java.util.Arrays.equals(all, i, i + needle.length, needle, 0, needle.length)) {
          all[i] ^= 0x20;
          Files.write(seg, all);
          return;
        }
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }

  @Test
  void deletedProjectionsAreRebuiltByM() throws IOException {
    FileTrees.delete(StoreLayout.projections(root));
    Run r = run("-m");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("projections replayed from the journal: "), r.out());
    assertTrue(r.out().contains("events/s"), r.out());
    assertTrue(r.out().contains("the cache matches the journal"), r.out());
    assertEquals(List.of(1L, 2L), uids(A));
    Run u = run("-m", "-p", "second", "-u", "bob");
    assertEquals(0, u.exit(), u.out() + u.err());
  }

  @Test
  void quotasSubscriptionsAclAndAll() {
    for (String[] args :
        List.of(
            new String[] {"-q"},
            new String[] {"-s"},
            new String[] {"-l"},
            new String[] {"-a", "-t", "4"})) {
      Run r = run(args);
      assertEquals(0, r.exit(), String.join(" ", args) + r.out() + r.err());
    }
    Run a = run("-A");
    assertEquals("reconstruct: this store keeps no annotations: nothing to repair\n", a.out());
  }

  @Test
  void aPartitionsQuotaCheckCountsTheWholeQuotaOfEachUserOnIt() throws IOException {
    // bob's INBOX is on second, his Archive on primary: one quota root over two partitions.
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/bob/Archive", "primary"));
      append(s, "user/bob/Archive", "OLD");
    }
    for (String partition : List.of("primary", "second")) {
      Run r = run("-q", "-p", partition);
      assertEquals(0, r.exit(), r.out() + r.err());
      assertEquals("reconstruct: quota: consistent\n", r.out());
    }
    // A twin of ann's INBOX that only the cache knows counts her messages twice: ann has no
    // mailbox on second, so only -p primary finds it, and the rebuild leaves nothing behind.
    tamper(root, new MailboxEvent.Created(mailboxId(A), "user/ann/twin", "primary", 1));
    Run second = run("-q", "-p", "second");
    assertEquals(0, second.exit(), second.out() + second.err());
    Run primary = run("-q", "-p", "primary");
    assertEquals(0, primary.exit(), primary.out() + primary.err());
    assertTrue(primary.out().startsWith("reconstruct: quota root ann: "), primary.out());
    assertTrue(primary.out().contains("; now consistent\n"), primary.out());
  }

  @Test
  void mailboxesWithAPartitionAreThoseOfThemOnIt() {
    VerbRun r =
        VerbRun.run(
            "reconstruct",
            "--store",
            root.toString(),
            "-n",
            "-p",
            "primary",
            A,
            B,
            "user/ann/work");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        r.out()
            .startsWith(
                "reconstruct: user/bob/INBOX is on partition second, not primary: skipped\n"),
        r.out());
    assertTrue(r.out().contains("reconstruct: checked 2 mailboxes, 3 messages"), r.out());
    ReconstructReport report = r.result(ReconstructReport.class);
    assertEquals(List.of(B), report.skipped());
    assertEquals(2, report.bodies().mailboxes());
    // -r and -p: the hierarchy's mailboxes on the partition.
    Run bob = run("-n", "-r", "-p", "second", "user/ann", "user/bob");
    assertEquals(0, bob.exit(), bob.out() + bob.err());
    assertTrue(bob.out().contains("checked 1 mailboxes, 1 messages"), bob.out());
    Run unknown = run("-p", "primary", A, "user/nobody/INBOX");
    assertEquals(66, unknown.exit(), unknown.out() + unknown.err());
    assertEquals("reconstruct: no such mailbox: user/nobody/INBOX\n", unknown.err());
  }

  @Test
  void mWithAPartitionOrAUserComparesAndReportsOnlyThem() {
    // Damage to ann's records is outside bob's scope...
    tamper(
        root,
        new SubscriptionEvent.Subscribed("ann", "user/ann/nothing"),
        new QuotaEvent.LimitSet("ann", 5, 5));
    Run bob = run("-m", "-n", "-p", "second", "-u", "bob");
    assertEquals(0, bob.exit(), bob.out() + bob.err());
    assertTrue(
        bob.out()
            .contains(
                "reconstruct: projections of user bob on partition second: the cache matches the"
                    + " journal\n"),
        bob.out());
    // ...and inside the scope of the partition ann's mailboxes are on.
    Run primary = run("-m", "-n", "-p", "primary");
    assertEquals(65, primary.exit(), primary.out() + primary.err());
    assertTrue(
        primary.out().contains("reconstruct: table quota: 0 entries only in the cache, 0 missing"),
        primary.out());
    assertTrue(
        primary.out().contains("reconstruct: table subscription: 1 entries only in the cache"),
        primary.out());
    assertTrue(
        primary
            .out()
            .contains("reconstruct: projections of partition primary: 2 differences, not repaired"),
        primary.out());

    // bob's own quota and subscriptions are his, whatever table they are in.
    tamper(
        root,
        new SubscriptionEvent.Subscribed("bob", "user/bob/nothing"),
        new QuotaEvent.LimitSet("bob", 5, 5));
    Run damaged = run("-m", "-n", "-u", "bob");
    assertEquals(65, damaged.exit(), damaged.out() + damaged.err());
    assertTrue(
        damaged.out().contains("reconstruct: projections of user bob: 2 differences, not repaired"),
        damaged.out());
    Run repaired = run("-m", "-p", "second", "-u", "bob");
    assertEquals(0, repaired.exit(), repaired.out() + repaired.err());
    assertTrue(
        repaired.out().contains("live projections rebuilt from the journal"), repaired.out());
    Run all = run("-m", "-n");
    assertEquals(0, all.exit(), all.out() + all.err());
  }

  @Test
  void orphanBodiesAreFoundAndReclaimed() throws IOException {
    try (Store s = Store.open(root)) {
      s.bodies("primary").put("ORPHAN never committed".getBytes(StandardCharsets.US_ASCII));
    }
    long before = journalEnd();
    Run n = run("-x", "-n");
    assertEquals(0, n.exit(), n.out() + n.err());
    assertTrue(n.out().contains("partition primary: 1 bodies no message names"), n.out());
    assertTrue(n.out().contains("partition second: 0 bodies"), n.out());
    assertEquals(before, journalEnd());
    Run x = run("-x");
    assertEquals(0, x.exit(), x.out() + x.err());
    assertTrue(x.out().contains("partition primary: 1 bodies no message names"), x.out());
    assertEquals(List.of(1L, 2L), uids(A));
  }

  @Test
  void aDeletedFolderWithinTheVaultRetentionHasNoOrphans() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.vault.retention", "1"));
      s.execute(ADMIN, new dev.msgstore.store.command.DeleteMailbox("user/ann/work"));
    }
    Run kept = run("-x", "-n");
    assertTrue(kept.out().contains("partition primary: 0 bodies no message names"), kept.out());
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.vault.retention", "0"));
    }
    Run orphan = run("-x", "-n");
    assertTrue(orphan.out().contains("partition primary: 1 bodies no message names"), orphan.out());
  }

  @Test
  void compactionShrinksTheProjectionStoreAndKeepsItsContent() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new dev.msgstore.store.command.DeleteMailbox(A));
    }
    Run c = run("-c", "projections");
    assertEquals(0, c.exit(), c.out() + c.err());
    assertTrue(c.out().startsWith("reconstruct -c: projections compacted from "), c.out());
    assertEquals(List.of(1L), uids(B), "what the cache held is still there");
    Run other = run("-c", "mboxlist");
    assertEquals(64, other.exit());
  }

  @Test
  void aTornJournalTailLosesNothingAcknowledged() throws Exception {
    dev.msgstore.store.crash.TornCommitWriterLauncher.tearTheTail(
        dev.msgstore.store.StoreLayout.journal(root));
    Run m = run("-m");
    assertEquals(0, m.exit(), m.out() + m.err());
    Run check = run("-n");
    assertEquals(0, check.exit(), check.out());
    assertEquals(List.of(1L, 2L), uids(A), "every acknowledged message is there");
    try (Store s = Store.open(root)) {
      append(s, A, "AFTER");
    }
    assertEquals(List.of(1L, 2L, 3L), uids(A), "and the store takes new commits after the tear");
  }

  @Test
  void badInputIsOneLineAndASysexitsCode() {
    Run m = run("user/nobody/INBOX");
    assertEquals(66, m.exit());
    assertEquals(1, m.err().lines().count(), m.err());
    Run p = run("-p", "nowhere");
    assertEquals(66, p.exit());
    Run o = run("-Z");
    assertEquals(64, o.exit());
    Run both = run("-f", "-n");
    assertEquals(64, both.exit());
    assertEquals("reconstruct: -f, -n and -x exclude each other\n", both.err());
    assertEquals("reconstruct: no such partition: nowhere\n", p.err());
  }
}
