package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.configutil.OptionChange;
import dev.msgstore.commands.deliver.Delivery;
import dev.msgstore.commands.mboxutil.CreatedMailbox;
import dev.msgstore.commands.readership.AclEntrySet;
import dev.msgstore.commands.reconstruct.BodyProblem;
import dev.msgstore.commands.reconstruct.Compacted;
import dev.msgstore.commands.reconstruct.ReconstructReport;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.ProjectionWriter;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.config.ConfigFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code msgstore --dry-run <verb>} and {@code <verb> --dry-run}: the verb decides and reports what
 * it would do, on stderr as "dry run, would ..." lines, and the store (journal, projections, body
 * segments, configuration files) and any file it would write are as they were.
 */
class DryRunTest {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);
  static final String MESSAGE =
      "From: ann@example.com\r\nSubject: lunch\r\nMessage-ID: <l.1@example.com>\r\n\r\nNoon?\r\n";

  @TempDir Path root;
  @TempDir Path work;

  /** ann (on primary) and bob (on "second") hold the same message; the configuration is synced. */
  @BeforeEach
  void store() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      s.execute(ADMIN, new CreateMailbox("user/ann/INBOX", null));
      s.execute(ADMIN, new CreateMailbox("user/ann/work", null));
      s.execute(ADMIN, new CreateMailbox("user/bob/INBOX", "second"));
      for (String m : List.of("user/ann/INBOX", "user/bob/INBOX")) {
        s.append(ADMIN, m, message(), AppendOptions.DEFAULT);
      }
    }
    // config/ as a real configutil run leaves it.
    assertEquals(
        0, VerbRun.run("configutil", "--store", root.toString(), "-o", "store.cleanupage").exit());
  }

  static InputStream message() {
    return new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII));
  }

  VerbRun dryRun(InputStream stdin, String verb, String... args) {
    List<String> all = new ArrayList<>(List.of("--dry-run", verb, "--store", root.toString()));
    all.addAll(List.of(args));
    return VerbRun.run(stdin, v -> {}, all.toArray(String[]::new));
  }

  VerbRun dryRun(String verb, String... args) {
    return dryRun(InputStream.nullInputStream(), verb, args);
  }

  /** Every line on stderr is a dry run's; returns them. */
  static List<String> wouldLines(VerbRun r) {
    List<String> lines = r.err().lines().toList();
    assertFalse(lines.isEmpty(), "nothing reported");
    for (String l : lines) {
      assertTrue(l.startsWith("dry run, would "), () -> "stderr: " + r.err());
    }
    return lines;
  }

  @Test
  void mboxutilCreateWritesNothing() {
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun r = dryRun("mboxutil", "-c", "user/cid/INBOX");
    assertEquals(0, r.exit(), r.err());
    List<String> would = wouldLines(r);
    assertEquals(1, would.size(), r.err());
    assertTrue(
        would.get(0).startsWith("dry run, would commit: directory.user-created userId=cid"),
        r.err());
    assertTrue(would.get(0).contains("mailbox.created mailboxId="), r.err());
    assertEquals(List.of(new CreatedMailbox("user/cid/INBOX", "primary")), r.result());
    assertEquals(before, StoreSnapshot.of(root));
    // The option after the verb works the same.
    VerbRun after =
        VerbRun.run("mboxutil", "--store", root.toString(), "--dry-run", "-c", "user/cid/INBOX");
    assertEquals(0, after.exit(), after.err());
    // The same decision, but for the UID validity, which is taken from the clock.
    assertEquals(
        would.get(0).replaceAll("uidValidity=\\d+", ""),
        wouldLines(after).get(0).replaceAll("uidValidity=\\d+", ""));
    assertEquals(before, StoreSnapshot.of(root));
  }

  @Test
  void mboxutilDeleteWritesNothing() {
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun r = dryRun("mboxutil", "-d", "user/ann/INBOX");
    assertEquals(0, r.exit(), r.err());
    List<String> would = wouldLines(r);
    assertEquals(1, would.size());
    assertTrue(
        would.get(0).startsWith("dry run, would commit: mailbox.deleted mailboxId="), r.err());
    assertTrue(would.get(0).contains("name=user/ann/work"), r.err());
    assertEquals(List.of("user/ann/INBOX", "user/ann/work"), r.result());
    assertEquals(before, StoreSnapshot.of(root));
  }

  @Test
  void mboxutilMovesNoAccountAndCopiesNoBody() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.partition.third.path", "partition/third"));
    }
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun r = dryRun("mboxutil", "-r", "user/ann/INBOX", "user/ann/INBOX", "third");
    assertEquals(0, r.exit(), r.err());
    List<String> would = wouldLines(r);
    assertEquals(1, would.size(), r.err());
    assertTrue(would.get(0).startsWith("dry run, would commit: mailbox.renamed"), r.err());
    assertTrue(would.get(0).contains("directory.user-moved userId=ann"), r.err());
    assertEquals(before, StoreSnapshot.of(root));
    assertFalse(Files.exists(root.resolve("partition/third")), "no body store opened there");
  }

  @Test
  void mboxutilStillWritesTheReportAskedFor() throws IOException {
    StoreSnapshot before = StoreSnapshot.of(root);
    Path report = work.resolve("inactive");
    VerbRun r = dryRun("mboxutil", "-o", "-t", "0", "-X", "0", "-w", report.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err(), "nothing to commit, nothing left out");
    assertEquals("user/ann/INBOX\nuser/bob/INBOX\n", Files.readString(report));
    assertEquals(before, StoreSnapshot.of(root));
  }

  @Test
  void deliverStoresNoBodyAndCommitsNothing() {
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun r = dryRun(message(), "deliver", "ann", "bob", "cid");
    assertEquals(0, r.exit(), r.err());
    List<String> would = wouldLines(r);
    assertEquals(3, would.size(), r.err());
    assertTrue(would.stream().allMatch(l -> l.contains("message.appended")), r.err());
    assertTrue(would.stream().anyMatch(l -> l.contains("mailbox.created")), "cid's INBOX");
    Delivery d = r.result(Delivery.class);
    assertEquals(
        List.of(2L, 2L, 1L), d.recipients().stream().map(Delivery.Recipient::uid).toList());
    assertEquals(before, StoreSnapshot.of(root));
  }

  @Test
  void configutilWritesNeitherTheJournalNorTheFiles() throws IOException {
    Path msgConf = ConfigFiles.overrides(root);
    StoreSnapshot before = StoreSnapshot.of(root, msgConf);
    VerbRun r = dryRun("configutil", "-o", "store.cleanupage", "-v", "48");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of(
            "dry run, would commit: config.option-set name=store.cleanupage oldValue= newValue=48",
            "dry run, would write " + msgConf),
        wouldLines(r));
    assertEquals(List.of(new OptionChange("store.cleanupage", null, "48")), r.result());
    assertEquals(before, StoreSnapshot.of(root, msgConf));
    assertFalse(Files.readString(msgConf).contains("48"));

    VerbRun d = dryRun("configutil", "-o", "store.partition.second.path", "-d");
    assertEquals(0, d.exit(), d.err());
    // What the change would need is said as the real run says it.
    assertEquals(
        List.of(
            "dry run, would commit: config.option-deleted name=store.partition.second.path"
                + " oldValue=partition/second",
            "dry run, would write " + msgConf,
            "configutil: restart the message store services for store.partition.second.path to"
                + " take effect"),
        d.err().lines().toList());
    assertEquals(before, StoreSnapshot.of(root, msgConf));

    // -f: the file is not written either.
    Path file = work.resolve("other.conf");
    VerbRun f =
        VerbRun.run(
            "--dry-run", "configutil", "-f", file.toString(), "-o", "store.cleanupsize", "-v", "3");
    assertEquals(0, f.exit(), f.err());
    assertEquals(List.of("dry run, would write " + file), wouldLines(f));
    assertFalse(Files.exists(file));
  }

  @Test
  void readershipSetsNoAcl() {
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun r = dryRun("readership", "-s", "user/ann/work", "bob", "lr");
    assertEquals(0, r.exit(), r.err());
    List<String> would = wouldLines(r);
    assertEquals(1, would.size());
    assertTrue(would.get(0).startsWith("dry run, would commit: acl.entry-set"), r.err());
    assertEquals(List.of(new AclEntrySet("user/ann/work", "bob", "lr")), r.result());
    VerbRun m = dryRun("readership", "-s", "-m", "user/ann/*", "bob", "lr");
    assertEquals(0, m.exit(), m.err());
    assertEquals(2, m.list(AclEntrySet.class).size());
    assertEquals(before, StoreSnapshot.of(root));
  }

  @Test
  void reconstructRestoresNoBodyAndExpungesNothing() throws IOException {
    deleteSegments("primary");
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun r = dryRun("reconstruct", "user/ann/INBOX");
    assertEquals(0, r.exit(), r.out() + r.err());
    ReconstructReport report = r.result(ReconstructReport.class);
    BodyProblem p = report.bodies().problems().get(0);
    assertEquals("restored from partition second", p.outcome());
    assertTrue(
        r.err()
            .contains(
                "dry run, would restore body "
                    + p.digest().hex()
                    + " (user/ann/INBOX uid 1) on partition primary from partition second\n"),
        r.err());
    assertEquals(before, StoreSnapshot.of(root));
    // The real run does what the dry run said.
    VerbRun real = VerbRun.run("reconstruct", "--store", root.toString(), "user/ann/INBOX");
    assertEquals(
        r.out().replaceAll("[0-9.]+ s: .*", ""), real.out().replaceAll("[0-9.]+ s: .*", ""));
    assertTrue(segments("primary").size() > 0);

    // No good copy left anywhere: -f would expunge the message, which is decided, not written.
    deleteSegments("primary");
    deleteSegments("second");
    StoreSnapshot noCopy = StoreSnapshot.of(root);
    VerbRun f = dryRun("reconstruct", "-f", "user/ann/INBOX");
    assertEquals(0, f.exit(), f.out() + f.err());
    assertTrue(f.err().contains("dry run, would commit: message.expunged"), f.err());
    assertEquals(1, f.result(ReconstructReport.class).bodies().expunged());
    assertEquals(noCopy, StoreSnapshot.of(root));
  }

  @Test
  void reconstructLeavesTheLiveProjectionsAsTheyAre() {
    // A mailbox only the projections know, naming ann's INBOX by id: ann's quota counts twice.
    long annInbox;
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      annInbox = r.mailbox("user/ann/INBOX").orElseThrow().id();
    }
    tamper(
        new MailboxEvent.Created(annInbox, "user/ann/twin", "primary", 1),
        new SubscriptionEvent.Subscribed("ann", "user/ann/work"));
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun q = dryRun("reconstruct", "-q");
    assertEquals(0, q.exit(), q.out() + q.err());
    assertTrue(
        q.err()
            .contains(
                "dry run, would rebuild the projections from the journal (quota: 1 inconsistencies)\n"),
        q.err());
    assertTrue(q.out().contains("; now consistent"), q.out());
    assertEquals(before, StoreSnapshot.of(root));

    VerbRun m = dryRun("reconstruct", "-m");
    assertEquals(0, m.exit(), m.out() + m.err());
    assertTrue(
        m.err().contains("dry run, would rebuild the projections from the journal (projections: "),
        m.err());
    assertTrue(m.out().contains("live projections rebuilt from the journal"), m.out());
    assertEquals(before, StoreSnapshot.of(root));

    // The real run repairs what the dry run found.
    VerbRun real = VerbRun.run("reconstruct", "--store", root.toString(), "-q");
    assertEquals(0, real.exit(), real.out());
    assertFalse(before.equals(StoreSnapshot.of(root)));
  }

  @Test
  void reconstructCompactsNoDatabase() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new dev.msgstore.store.command.DeleteMailbox("user/ann/INBOX"));
    }
    Path dir = StoreLayout.projections(root);
    Object cache = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    long size = Files.size(dir.resolve("data.mdb"));
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun c = dryRun("reconstruct", "-c", "projections");
    assertEquals(0, c.exit(), c.out() + c.err());
    assertEquals(
        "dry run, would replace "
            + dir
            + " ("
            + size
            + " bytes) with a compacted copy, if no other process has the store open\n",
        c.err());
    assertEquals(
        new Compacted("projections", size, size), c.result(ReconstructReport.class).compaction());
    assertEquals(before, StoreSnapshot.of(root));
    assertEquals(cache, Files.readAttributes(dir, BasicFileAttributes.class).fileKey());
    assertEquals(size, Files.size(dir.resolve("data.mdb")));
    // The real run swaps in a smaller copy.
    VerbRun real = VerbRun.run("reconstruct", "--store", root.toString(), "-c", "projections");
    assertEquals(0, real.exit(), real.err());
    assertTrue(Files.size(dir.resolve("data.mdb")) < size, real.out());
  }

  @Test
  void reconstructReclaimsNoOrphanBody() throws IOException {
    try (Store s = Store.open(root)) {
      s.bodies("primary").put("ORPHAN".getBytes(StandardCharsets.US_ASCII));
    }
    StoreSnapshot before = StoreSnapshot.of(root);
    VerbRun r = dryRun("reconstruct", "-x");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals(
        List.of(
            "dry run, would compact the body segments of partition primary to reclaim its 1 orphan bodies (6 bytes)"),
        r.err().lines().filter(l -> l.startsWith("dry run")).toList());
    assertTrue(
        r.out()
            .contains(
                "partition primary: 1 bodies no message names (6 bytes), not reclaimed (dry run)"),
        r.out());
    assertEquals(before, StoreSnapshot.of(root));
  }

  /** Applies events to the live projections only, as damage the journal does not explain. */
  void tamper(Event... events) {
    try (Store s = Store.open(root);
        ProjectionWriter w = s.projections().beginWrite()) {
      long stamp = s.projections().stamp();
      w.apply(new Commit(stamp, new CommitMeta(1, "test", "tamper", "h", 1), List.of(events)));
      w.commit();
    }
  }

  void deleteSegments(String partition) throws IOException {
    for (Path p : segments(partition)) {
      Files.delete(p);
    }
  }

  List<Path> segments(String partition) throws IOException {
    try (Stream<Path> s =
        Files.list(root.resolve("partition").resolve(partition).resolve("bodies"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".body")).toList();
    }
  }
}
