package dev.msgstore.store.vault;

import static dev.msgstore.store.vault.VaultStore.ADMIN;
import static dev.msgstore.store.vault.VaultStore.DAY;
import static dev.msgstore.store.vault.VaultStore.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undelete's queries against a store whose deleted messages are known ({@link VaultStore}). */
class UndeleteTest {
  @TempDir Path root;
  VaultStore v;
  Undeleter undeleter;

  @BeforeEach
  void store() throws Exception {
    v = new VaultStore(root);
    undeleter = new Undeleter(v.store, ADMIN);
  }

  @AfterEach
  void close() {
    v.store.close();
  }

  List<String> find(VaultQuery q) {
    return ids(undeleter.find("joe", q));
  }

  static VaultQuery q(
      String from,
      String to,
      String subject,
      Long since,
      Long before,
      Long deletedSince,
      Long deletedBefore,
      String messageId,
      long larger,
      long smaller,
      String folder) {
    return new VaultQuery(
        from,
        to,
        subject,
        since,
        before,
        deletedSince,
        deletedBefore,
        messageId,
        larger,
        smaller,
        folder);
  }

  long daysAgo(int d) {
    return v.now.toEpochMilli() - d * DAY;
  }

  @Test
  void everyDeletedMessageAndNoLiveOne() {
    // mailbox name order: Archive/2025, INBOX, Projects; a live message (m3) is never listed
    assertEquals(List.of("m6", "m1", "m2", "m4", "m5"), find(VaultQuery.ALL));
    List<VaultHit> all = undeleter.find("joe", VaultQuery.ALL);
    assertEquals(
        List.of(false, true, true, true, true), all.stream().map(VaultHit::restorable).toList());
    assertEquals(
        List.of(false, false, false, true, true),
        all.stream().map(VaultHit::mailboxDeleted).toList());
    assertEquals(List.of(), ids(undeleter.find("ann", VaultQuery.ALL)), "another account's");
  }

  @Test
  void eachCriterion() {
    assertEquals(
        List.of("m6", "m1", "m4"),
        find(q("ALICE", null, null, null, null, null, null, null, -1, -1, null)));
    assertEquals(
        List.of("m1"),
        find(q("alice <", null, null, null, null, null, null, null, -1, -1, null)),
        "the name too");
    assertEquals(
        List.of("m2"),
        find(q(null, "CAROL@", null, null, null, null, null, null, -1, -1, null)),
        "Cc is a recipient");
    assertEquals(
        List.of("m4"), find(q(null, "team", null, null, null, null, null, null, -1, -1, null)));
    assertEquals(
        List.of("m1"), find(q(null, null, "report", null, null, null, null, null, -1, -1, null)));
    assertEquals(
        List.of("m5"),
        find(q(null, null, "CAFÉ", null, null, null, null, null, -1, -1, null)),
        "RFC 2047 decoded");
    assertEquals(
        List.of("m2", "m4", "m5"),
        find(q(null, null, null, daysAgo(35), null, null, null, null, -1, -1, null)),
        "since is inclusive");
    assertEquals(
        List.of("m6", "m1"),
        find(q(null, null, null, null, daysAgo(35), null, null, null, -1, -1, null)),
        "before is exclusive");
    assertEquals(
        List.of("m6", "m1", "m2"),
        find(q(null, null, null, null, null, null, daysAgo(3), null, -1, -1, null)),
        "expunged before 3 days ago (m5's expunge is exactly then: not before)");
    assertEquals(
        List.of("m4", "m5"),
        find(q(null, null, null, null, null, daysAgo(3), null, null, -1, -1, null)),
        "m4 left with its folder 2 days ago; m5 keeps its own expunge time");
    assertEquals(
        List.of("m4"), find(q(null, null, null, null, null, null, null, "m4@a", -1, -1, null)));
    assertEquals(
        List.of("m4"), find(q(null, null, null, null, null, null, null, "<m4@a>", -1, -1, null)));
    assertEquals(
        List.of(),
        find(q(null, null, null, null, null, null, null, "m4@", -1, -1, null)),
        "whole id");
    assertEquals(
        List.of("m4"),
        find(q(null, null, null, null, null, null, null, null, 4_999, -1, null)),
        "larger is strict");
    assertEquals(
        List.of(), find(q(null, null, null, null, null, null, null, null, 5_000, -1, null)));
    assertEquals(
        List.of("m6", "m2"),
        find(q(null, null, null, null, null, null, null, null, -1, 300, null)),
        "smaller is strict");
    assertEquals(
        List.of("m4", "m5"),
        find(q(null, null, null, null, null, null, null, null, -1, -1, "Projects")));
    assertEquals(
        List.of("m6"),
        find(q(null, null, null, null, null, null, null, null, -1, -1, "Archive/*")));
    assertEquals(
        List.of("m1", "m2", "m4", "m5"),
        find(q(null, null, null, null, null, null, null, null, -1, -1, "%")),
        "% stops at /");
  }

  @Test
  void criteriaCombine() {
    assertEquals(
        List.of("m4"), find(q("alice", null, null, null, null, null, null, null, -1, -1, "Proj*")));
    assertEquals(
        List.of("m4"), find(q("alice", null, null, null, null, null, null, null, 1_000, -1, null)));
    assertEquals(
        List.of("m1"),
        find(
            q(
                "alice",
                "joe",
                "quarterly",
                daysAgo(41),
                daysAgo(39),
                null,
                null,
                null,
                -1,
                -1,
                "INBOX")));
    assertEquals(
        List.of(), find(q(null, null, "plan", daysAgo(34), null, null, null, null, -1, -1, null)));
  }

  @Test
  void restoresIntoTheOriginalFoldersRecreatingADeletedOne() throws Exception {
    List<VaultHit> alice =
        undeleter.find("joe", q("alice", null, null, null, null, null, null, null, -1, -1, null));
    List<Undeleter.Undeleted> done = undeleter.restore("joe", alice, null);
    assertEquals(
        List.of("m1", "m4"),
        ids(done.stream().map(Undeleter.Undeleted::hit).toList()),
        "m6 has no body");
    assertEquals(
        List.of("user/joe/INBOX", "user/joe/Projects"),
        done.stream().map(Undeleter.Undeleted::mailbox).toList());
    try (ProjectionReader r = v.store.read()) {
      MailboxRecord inbox = r.mailbox("user/joe/INBOX").orElseThrow();
      MessageRecord m1 = r.message(inbox.id(), done.get(0).uid()).orElseThrow();
      assertEquals("<m1@a>", m1.messageId());
      assertEquals(4, done.get(0).uid(), "a new UID, after the three INBOX had");
      assertFalse(m1.flags().contains(SystemFlag.DELETED), "\\Deleted would take it again");
      assertTrue(m1.flags().contains(SystemFlag.SEEN));
      MailboxRecord projects = r.mailbox("user/joe/Projects").orElseThrow();
      assertEquals(
          List.of("<m4@a>"),
          r.messages(projects.id()).stream().map(MessageRecord::messageId).toList());
      assertEquals("Plan", r.messages(projects.id()).get(0).summary().subject());
    }
    assertEquals(
        List.of("m6"),
        find(q("alice", null, null, null, null, null, null, null, -1, -1, null)),
        "what came back is no longer deleted");
    assertEquals(List.of("m6", "m2", "m5"), find(VaultQuery.ALL));
  }

  @Test
  void restoresIntoOneFolder() throws Exception {
    List<VaultHit> hits =
        undeleter.find("joe", q(null, "joe@x", null, null, null, null, null, null, -1, -1, null));
    assertEquals(List.of("m6", "m1", "m2", "m5"), ids(hits));
    List<Undeleter.Undeleted> done = undeleter.restore("joe", hits, "Recovered/today");
    assertEquals(
        List.of("m1", "m2", "m5"), ids(done.stream().map(Undeleter.Undeleted::hit).toList()));
    try (ProjectionReader r = v.store.read()) {
      MailboxRecord into = r.mailbox("user/joe/Recovered/today").orElseThrow();
      assertEquals(
          List.of("<m1@a>", "<m2@a>", "<m5@a>"),
          r.messages(into.id()).stream().map(MessageRecord::messageId).toList());
      assertTrue(r.mailbox("user/joe/Projects").isEmpty(), "not recreated: --into was asked");
    }
    // m1 was copied out of INBOX's expunged messages, which keep it until purged
    assertEquals(List.of("m6", "m1", "m4"), find(VaultQuery.ALL));
    assertEquals(2, v.vaultCount(), "m2 and m5 left the vault; m6 and m4 stay");
  }

  @Test
  void nothingRestorableWritesNothing() throws Exception {
    long before = v.store.journal().lastIndex();
    List<VaultHit> old =
        undeleter.find("joe", q(null, null, "old", null, null, null, null, null, -1, -1, null));
    assertEquals(List.of("m6"), ids(old));
    assertEquals(List.of(), undeleter.restore("joe", old, null));
    assertEquals(before, v.store.journal().lastIndex());
  }
}
