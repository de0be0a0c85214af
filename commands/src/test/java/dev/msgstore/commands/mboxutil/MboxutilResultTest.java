package dev.msgstore.commands.mboxutil;

import static dev.msgstore.commands.mboxutil.MboxutilFixture.ADMIN;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.append;
import static dev.msgstore.commands.mboxutil.MboxutilFixture.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.SetUserStatus;
import dev.msgstore.store.command.Subscribe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each mode of {@code mboxutil} leaves as its result for a script, run as the command line
 * runs it, checked against what the store holds afterwards.
 */
class MboxutilResultTest {
  @TempDir Path root;
  @TempDir Path work;

  @BeforeEach
  void store() throws IOException {
    try (Store s = open(root, "2020-01-10T09:00:00Z")) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      for (String name :
          List.of(
              "user/ann/INBOX",
              "user/ann/work",
              "user/ann/work/2026",
              "user/bob/INBOX",
              "user/bob/Sent",
              "user/cid/INBOX")) {
        s.execute(ADMIN, new CreateMailbox(name, null));
      }
      s.execute(ADMIN, new SetQuota("ann", 2048 * 1024L, -1));
      s.execute(ADMIN, new SetAcl("user/ann/work", "bob", "lrs"));
      AppendOptions deleted = AppendOptions.DEFAULT.withFlags(Set.of(SystemFlag.DELETED));
      append(s, "user/ann/INBOX", 3000, 1_578_646_800_000L, AppendOptions.DEFAULT);
      append(s, "user/ann/work", 500, 0, deleted);
      append(s, "user/ann/work", 600, 0, AppendOptions.DEFAULT);
      append(s, "user/ann/work", 700, 0, deleted);
      append(s, "user/bob/INBOX", 800, 0, deleted);
    }
  }

  VerbRun mboxutil(String... args) {
    return VerbRun.ok("mboxutil", root, args);
  }

  <T> T read(Function<ProjectionReader, T> question) {
    return VerbRun.read(root, question);
  }

  boolean exists(String name) {
    return read(r -> r.mailbox(name).isPresent());
  }

  MailboxRecord mailbox(String name) {
    return read(r -> r.mailbox(name).orElseThrow());
  }

  List<Long> uids(String mailbox) {
    return read(
        r ->
            r.messages(r.mailbox(mailbox).orElseThrow().id()).stream()
                .map(MessageRecord::uid)
                .toList());
  }

  List<Long> expungedUids(String mailbox) {
    return read(
        r ->
            r.expunged(r.mailbox(mailbox).orElseThrow().id()).stream()
                .map(e -> e.message().uid())
                .toList());
  }

  @Test
  void listGivesTheRowsPrintedWithWhatTheStoreHolds() {
    VerbRun r = mboxutil("-l", "-x", "-p", "user/ann/*");
    List<MailboxRow> rows = r.list(MailboxRow.class);
    assertEquals(
        List.of("user/ann/INBOX", "user/ann/work", "user/ann/work/2026"),
        rows.stream().map(MailboxRow::mailbox).toList());
    assertEquals(3, r.out().lines().filter(l -> l.contains(" user/ann/")).count(), r.out());
    for (MailboxRow row : rows) {
      MailboxRecord m = mailbox(row.mailbox());
      assertEquals(m.messages(), row.messages(), row.mailbox());
      assertEquals(m.bytes(), row.bytes(), row.mailbox());
      assertEquals(m.lastAppend(), row.lastAppendMillis(), row.mailbox());
      assertEquals(m.partition(), row.partition(), row.mailbox());
      assertEquals(read(x -> x.acl(m.id())), row.acl(), row.mailbox());
      assertTrue(row.path().startsWith(root.resolve("partition/primary").toString()), row.path());
      assertFalse(row.deleted());
    }
    assertEquals(2048, rows.get(0).quotaKbytes(), "the INBOX row carries the owner's quota");
    assertEquals(-1, rows.get(1).quotaKbytes());
    assertEquals(3, rows.get(1).messages());
    assertEquals("bob", rows.get(1).acl().get(0).identifier());
  }

  @Test
  void listOfDeletedMailboxesGivesWhenAndByWhom() {
    try (Store s = open(root, "2021-02-03T04:05:06Z")) {
      s.execute(ADMIN, new DeleteMailbox("user/bob/Sent"));
    }
    List<MailboxRow> rows = mboxutil("-l", "-D").list(MailboxRow.class);
    assertEquals(1, rows.size());
    MailboxRow row = rows.get(0);
    assertEquals("user/bob/Sent", row.mailbox());
    assertTrue(row.deleted());
    assertEquals(1_612_325_106_000_000L, row.deletedMicros());
    assertEquals("admin (test setup)", row.deletedBy());
    assertEquals(-1, row.messages());
    assertFalse(exists("user/bob/Sent"));
  }

  @Test
  void createGivesTheMailboxesCreated() throws IOException {
    VerbRun one = mboxutil("-c", "user/dee/INBOX");
    assertEquals(List.of(new CreatedMailbox("user/dee/INBOX", "primary")), one.result());
    assertEquals("primary", mailbox("user/dee/INBOX").partition());
    Path f = Files.writeString(work.resolve("new"), "user/dee/a\nuser/dee/b\n");
    assertEquals(
        List.of(
            new CreatedMailbox("user/dee/a", "primary"),
            new CreatedMailbox("user/dee/b", "primary")),
        mboxutil("-c", "-f", f.toString()).list(CreatedMailbox.class));
    // Names as the -E encoding shows them.
    VerbRun utf8 = mboxutil("-c", "-E", "UTF-8", "user/dee/Entwürfe");
    assertEquals(List.of(new CreatedMailbox("user/dee/Entwürfe", "primary")), utf8.result());
    mailbox("user/dee/Entw&APw-rfe");
  }

  @Test
  void deleteGivesEveryMailboxDeleted() {
    VerbRun r = mboxutil("-d", "user/ann/INBOX");
    assertEquals(
        List.of("user/ann/INBOX", "user/ann/work", "user/ann/work/2026"), r.list(String.class));
    assertEquals(List.of(), read(x -> x.mailboxes("user/ann/")));
    assertEquals(List.of("user/bob/Sent"), mboxutil("-d", "-p", "user/bob/S*").result());
    assertFalse(exists("user/bob/Sent"));
  }

  @Test
  void renameGivesEachMailboxRenamedOrMoved() {
    List<RenamedMailbox> renamed =
        mboxutil("-r", "user/ann/work", "user/ann/job").list(RenamedMailbox.class);
    assertEquals(
        List.of(
            new RenamedMailbox("user/ann/work", "user/ann/job", "primary", "primary"),
            new RenamedMailbox("user/ann/work/2026", "user/ann/job/2026", "primary", "primary")),
        renamed);
    assertEquals(List.of(1L, 2L, 3L), uids("user/ann/job"));
    assertFalse(exists("user/ann/work"));
    List<RenamedMailbox> moved =
        mboxutil("-r", "user/bob/INBOX", "user/bob/INBOX", "second").list(RenamedMailbox.class);
    assertEquals(
        List.of(
            new RenamedMailbox("user/bob/INBOX", "user/bob/INBOX", "primary", "second"),
            new RenamedMailbox("user/bob/Sent", "user/bob/Sent", "primary", "second")),
        moved);
    assertEquals("second", mailbox("user/bob/Sent").partition());
  }

  @Test
  void expungeGivesTheUidsExpungedPerMailbox() {
    VerbRun r = mboxutil("-e");
    assertEquals(
        List.of(
            new MailboxUids("user/ann/work", List.of(1L, 3L)),
            new MailboxUids("user/bob/INBOX", List.of(1L))),
        r.result());
    assertEquals("user/ann/work: 2 expunged\nuser/bob/INBOX: 1 expunged\n", r.out());
    assertEquals(List.of(1L, 3L), expungedUids("user/ann/work"));
    assertEquals(List.of(2L), uids("user/ann/work"));
    assertEquals(List.of(), mboxutil("-e").result(), "nothing left to expunge");
  }

  @Test
  void cleanupGivesTheUidsPurgedPerMailbox() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new Expunge("user/ann/INBOX", List.of(1L)));
    }
    mboxutil("-e", "-p", "user/ann/*");
    VerbRun r = mboxutil("-C", "-g", "2");
    assertEquals(List.of(new MailboxUids("user/ann/work", List.of(1L, 3L))), r.result());
    assertEquals(List.of(), expungedUids("user/ann/work"));
    assertEquals(List.of(1L), expungedUids("user/ann/INBOX"), "-g 2: one is not enough");
  }

  @Test
  void restoreGivesTheOldAndNewUidOfEachMessage() {
    mboxutil("-e", "-p", "user/ann/work");
    RestoredMessages r = mboxutil("-R", "user/ann/work").result(RestoredMessages.class);
    assertEquals("user/ann/work", r.mailbox());
    assertEquals(
        List.of(
            new RestoredMessages.RestoredMessage(1, 4), new RestoredMessages.RestoredMessage(3, 5)),
        r.messages());
    assertEquals(List.of(2L, 4L, 5L), uids("user/ann/work"));
    assertEquals(List.of(), expungedUids("user/ann/work"));
    assertEquals(
        List.of(), mboxutil("-R", "user/ann/work").result(RestoredMessages.class).messages());
  }

  @Test
  void orphansGiveTheAccountsAndWhy() throws IOException {
    try (Store s = open(root, "2020-01-10T09:00:00Z")) {
      s.execute(ADMIN, new SetUserStatus("bob", "deleted"));
    }
    List<CleanupCandidate> orphans = mboxutil("-o").list(CleanupCandidate.class);
    assertEquals(1, orphans.size());
    CleanupCandidate bob = orphans.get(0);
    assertEquals("user/bob/INBOX", bob.mailbox());
    assertEquals("bob", bob.owner());
    assertTrue(bob.orphan());
    assertFalse(bob.inactive());
    assertEquals("deleted", read(x -> x.user("bob").orElseThrow().status()));
    assertEquals(mailbox("user/bob/INBOX").lastAppend(), bob.lastActivityMillis());
    // With -t every account here is old enough to be inactive; -w writes them, the result holds
    // them.
    Path out = work.resolve("orphans");
    List<CleanupCandidate> all =
        mboxutil("-o", "-t", "30", "-w", out.toString()).list(CleanupCandidate.class);
    assertEquals(
        List.of("user/ann/INBOX", "user/bob/INBOX", "user/cid/INBOX"),
        all.stream().map(CleanupCandidate::mailbox).toList());
    assertTrue(all.stream().allMatch(CleanupCandidate::inactive));
    assertEquals(List.of(false, true, false), all.stream().map(CleanupCandidate::orphan).toList());
    assertEquals("user/ann/INBOX\nuser/bob/INBOX\nuser/cid/INBOX\n", Files.readString(out));
  }

  @Test
  void subscriptionsGiveEachSubscriptionAndWhatWasRemoved() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new Subscribe("ann", "user/ann/work", true));
      s.execute(ADMIN, new Subscribe("ann", "user/ann/gone", true));
      s.execute(ADMIN, new Subscribe("bob", "user/ann/work", true));
    }
    List<SubscriptionEntry> all = mboxutil("-S").list(SubscriptionEntry.class);
    List<Subscription> held =
        read(x -> List.of(x.subscriptions("ann"), x.subscriptions("bob"))).stream()
            .flatMap(List::stream)
            .toList();
    assertEquals(
        held.stream().map(h -> new SubscriptionEntry(h.user(), h.mailbox(), false)).toList(), all);
    assertEquals(3, all.size());
    Path f = Files.writeString(work.resolve("owners"), "user/ann/INBOX\n");
    List<SubscriptionEntry> removed =
        mboxutil("-S", "-u", "-f", f.toString()).list(SubscriptionEntry.class);
    assertEquals(List.of(new SubscriptionEntry("ann", "user/ann/gone", true)), removed);
    assertEquals(
        List.of("user/ann/work"),
        read(x -> x.subscriptions("ann")).stream().map(Subscription::mailbox).toList());
  }

  @Test
  void aRefusedRunLeavesNoResult() {
    VerbRun r = VerbRun.run("mboxutil", "--store", root.toString(), "-c", "user/ann/INBOX");
    assertEquals(73, r.exit());
    assertNull(r.result());
    VerbRun none = VerbRun.run("mboxutil", "--store", root.resolve("nowhere").toString(), "-l");
    assertEquals(66, none.exit());
    assertNull(none.result());
  }
}
