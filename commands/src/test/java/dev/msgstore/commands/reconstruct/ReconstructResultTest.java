package dev.msgstore.commands.reconstruct;

import static dev.msgstore.commands.reconstruct.ReconstructTest.A;
import static dev.msgstore.commands.reconstruct.ReconstructTest.ADMIN;
import static dev.msgstore.commands.reconstruct.ReconstructTest.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.body.BodyCheck;
import dev.msgstore.journal.body.StoredBody;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Subscribe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each mode of {@code reconstruct} leaves as its result, against what the store holds. */
class ReconstructResultTest {
  @TempDir Path root;

  /** As {@link ReconstructTest}: ann on primary, bob on "second", SHARED on both. */
  @BeforeEach
  void store() throws IOException {
    ReconstructTest.twoPartitions(root);
  }

  VerbRun reconstruct(String... args) {
    List<String> all = new ArrayList<>(List.of("reconstruct", "--store", root.toString()));
    all.addAll(List.of(args));
    return VerbRun.run(all.toArray(String[]::new));
  }

  List<MessageRecord> messages(String mailbox) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.messages(r.mailbox(mailbox).orElseThrow().id());
    }
  }

  BodyCheck check(String partition, MessageRecord m) {
    try (Store s = Store.open(root)) {
      return s.bodies(partition).verify(m.digest());
    }
  }

  void deleteSegments(String partition) throws IOException {
    try (Stream<Path> s =
        Files.list(root.resolve("partition").resolve(partition).resolve("bodies"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".body")).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void aSoundStoreReportsWhatWasChecked() {
    VerbRun r = reconstruct("-n");
    assertEquals(0, r.exit(), r.err());
    ReconstructReport report = r.result(ReconstructReport.class);
    BodyReport bodies = report.bodies();
    assertEquals(3, bodies.mailboxes());
    long messages = Stream.of(A, B, "user/ann/work").mapToLong(m -> messages(m).size()).sum();
    assertEquals(messages, bodies.figures().items());
    long bytes =
        Stream.of(A, B, "user/ann/work")
            .flatMap(m -> messages(m).stream())
            .mapToLong(MessageRecord::size)
            .sum();
    assertEquals(bytes, bodies.figures().bytes());
    assertEquals(List.of(), bodies.problems());
    assertEquals(
        List.of(new IndexCheck("mailbox index", List.of(), null, List.of())), report.indexes());
    assertFalse(report.damageLeft());
  }

  @Test
  void damagedBodiesAreReportedWithWhatWasDone() throws IOException {
    deleteSegments("primary");
    ReconstructReport report = reconstruct(A).result(ReconstructReport.class);
    BodyReport bodies = report.bodies();
    List<MessageRecord> held = messages(A);
    assertEquals(List.of(1L, 2L), bodies.problems().stream().map(BodyProblem::uid).toList());
    assertEquals(
        held.stream().map(MessageRecord::digest).toList(),
        bodies.problems().stream().map(BodyProblem::digest).toList());
    assertEquals(BodyCheck.MISSING, bodies.problems().get(0).check());
    assertEquals("restored from partition second", bodies.problems().get(0).outcome());
    assertEquals(1, bodies.restored());
    assertEquals(1, bodies.left());
    assertTrue(report.damageLeft());
    assertEquals(BodyCheck.OK, check("primary", held.get(0)), "restored");
    assertEquals(BodyCheck.MISSING, check("primary", held.get(1)), "left");

    ReconstructReport forced = reconstruct("-f", A).result(ReconstructReport.class);
    assertEquals(1, forced.bodies().expunged());
    assertFalse(forced.damageLeft());
    assertEquals(List.of(1L), messages(A).stream().map(MessageRecord::uid).toList());
  }

  @Test
  void aReplayReportsItsFiguresAndDifferences() {
    VerbRun r = reconstruct("-m");
    assertEquals(0, r.exit(), r.err());
    ReplayCheck replay = r.result(ReconstructReport.class).replays().get(0);
    assertEquals("projections", replay.aspect());
    long events = 0;
    try (Journal j = Journal.open(StoreLayout.journal(root));
        JournalCursor c = j.cursor()) {
      c.seekAfter(Journal.NO_INDEX);
      for (Commit next = c.next(); next != null; next = c.next()) {
        events += next.events().size();
      }
    }
    assertEquals(events, replay.replay().items());
    assertEquals(java.util.Map.of(), replay.differences());
    assertNull(replay.rebuilt());
  }

  @Test
  void quotaSubscriptionsAndAclChecksAndAll() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new Subscribe("ann", "user/ann/gone", true));
    }
    assertEquals(
        List.of(new IndexCheck("quota", List.of(), null, List.of())),
        reconstruct("-q").result(ReconstructReport.class).indexes());
    assertEquals(
        List.of(new IndexCheck("ACL index", List.of(), null, List.of())),
        reconstruct("-l").result(ReconstructReport.class).indexes());
    ReconstructReport subscriptions = reconstruct("-s").result(ReconstructReport.class);
    assertEquals(
        List.of(new Subscription("ann", "user/ann/gone")), subscriptions.danglingSubscriptions());
    assertEquals("subscriptions", subscriptions.replays().get(0).aspect());
    ReconstructReport all = reconstruct("-a", "-t", "2").result(ReconstructReport.class);
    assertEquals(3, all.bodies().mailboxes());
    assertEquals(
        List.of("mailbox index", "quota", "ACL index"),
        all.indexes().stream().map(IndexCheck::aspect).toList());
    assertEquals(subscriptions.danglingSubscriptions(), all.danglingSubscriptions());
    assertEquals(
        List.of("subscriptions"), all.replays().stream().map(ReplayCheck::aspect).toList());
  }

  @Test
  void orphanBodiesArePerPartition() throws IOException {
    byte[] orphan = "ORPHAN never committed".getBytes(StandardCharsets.US_ASCII);
    StoredBody stored;
    try (Store s = Store.open(root)) {
      stored = s.bodies("primary").put(orphan);
    }
    // In the order the store lists its partitions.
    List<OrphanBodies> found = reconstruct("-x", "-n").result(ReconstructReport.class).orphans();
    assertEquals(
        Set.of(
            new OrphanBodies("primary", 1, orphan.length, 0), new OrphanBodies("second", 0, 0, 0)),
        Set.copyOf(found));
    OrphanBodies primary =
        reconstruct("-x").result(ReconstructReport.class).orphans().stream()
            .filter(o -> o.partition().equals("primary"))
            .findFirst()
            .orElseThrow();
    assertEquals(1, primary.bodies());
    try (Store s = Store.open(root)) {
      boolean stillThere = s.bodies("primary").contains(stored.digest());
      assertEquals(primary.reclaimed() == 0, stillThere, primary.toString());
    }
  }

  @Test
  void compactionGivesTheSizesBeforeAndAfter() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new DeleteMailbox(A));
    }
    Path data = StoreLayout.projections(root).resolve("data.mdb");
    long before = Files.size(data);
    Compacted c = reconstruct("-c", "projections").result(ReconstructReport.class).compaction();
    assertEquals(new Compacted("projections", before, Files.size(data)), c);
  }

  @Test
  void annotationsAndFailures() {
    ReconstructReport a = reconstruct("-A").result(ReconstructReport.class);
    assertNull(a.bodies());
    assertEquals(List.of(), a.indexes());
    assertFalse(a.damageLeft());
    VerbRun missing = reconstruct("user/nobody/INBOX");
    assertEquals(66, missing.exit());
    assertNull(missing.result());
  }
}
