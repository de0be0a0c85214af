package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.MoveAccount;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.command.RenameMailbox;
import dev.msgstore.store.command.RestoreExpunged;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  static final Author ADMIN = Author.of("admin", "StoreTest");

  @TempDir Path root;

  static InputStream message(String id, String body) {
    String text =
        "From: a@example.com\r\nMessage-ID: <"
            + id
            + ">\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\nSubject: t\r\n\r\n"
            + body;
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static long append(Store s, String mailbox, String id) throws IOException {
    return s.append(ADMIN, mailbox, message(id, "body of " + id + "\r\n"), AppendOptions.DEFAULT)
        .eventsOf(MessageEvent.Appended.class)
        .get(0)
        .uid();
  }

  @Test
  void appendsGetAscendingUidsAndIndexTheHeader() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/inbox", null));
      assertEquals(1, append(s, "user/joe/INBOX", "m1@x"));
      assertEquals(2, append(s, "USER/joe/Inbox", "m2@x"));
      try (ProjectionReader r = s.read()) {
        MailboxRecord m = r.mailbox("user/joe/INBOX").orElseThrow();
        assertEquals(2, m.messages());
        assertEquals(3, m.uidNext());
        MessageRecord first = r.messages(m.id()).get(0);
        assertEquals("<m1@x>", first.messageId());
        assertEquals(1795860000000L, first.sentDate());
        assertTrue(first.headerSize() > 0 && first.headerSize() < first.size());
        assertEquals(m.bytes(), r.quota("joe").usedBytes());
        assertEquals("primary", r.user("joe").orElseThrow().partition());
      }
    }
  }

  @Test
  void aRejectedCommandWritesNothing() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      long before = s.journal().lastIndex();
      assertEquals(
          Rejected.Kind.ALREADY_EXISTS,
          assertThrows(
                  Rejected.class, () -> s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null)))
              .kind());
      assertEquals(
          Rejected.Kind.NOT_FOUND,
          assertThrows(Rejected.class, () -> s.execute(ADMIN, new DeleteMailbox("user/joe/nope")))
              .kind());
      assertEquals(
          Rejected.Kind.INVALID,
          assertThrows(
                  Rejected.class, () -> s.execute(ADMIN, new CreateMailbox("user/joe/a*b", null)))
              .kind());
      assertThrows(Rejected.class, () -> new SetAcl("user/joe/INBOX", "ann", "lrz"));
      assertThrows(
          Rejected.class,
          () -> s.append(ADMIN, "user/joe/missing", message("x@y", "b"), AppendOptions.DEFAULT));
      assertEquals(before, s.journal().lastIndex());
    }
  }

  @Test
  void quotaRefusesWhatWouldExceedItUnlessIgnored() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      s.execute(ADMIN, new SetQuota("joe", 150, -1));
      append(s, "user/joe/INBOX", "a@x");
      Rejected r = assertThrows(Rejected.class, () -> append(s, "user/joe/INBOX", "b@x"));
      assertEquals(Rejected.Kind.OVER_QUOTA, r.kind());
      s.append(
          ADMIN,
          "user/joe/INBOX",
          message("c@x", "c"),
          new AppendOptions(Set.of(), List.of(), 0, false, true));
      try (ProjectionReader rd = s.read()) {
        assertEquals(2, rd.quota("joe").usedMessages());
      }
    }
  }

  @Test
  void expungeRestoreAndPurgeMoveMessagesThroughTheLedger() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      long a = append(s, "user/joe/INBOX", "a@x");
      long b = append(s, "user/joe/INBOX", "b@x");
      s.execute(
          ADMIN,
          new StoreFlags(
              "user/joe/INBOX",
              List.of(a),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.DELETED),
              List.of()));
      s.execute(ADMIN, Expunge.deleted("user/joe/INBOX"));
      try (ProjectionReader r = s.read()) {
        long id = r.mailbox("user/joe/INBOX").orElseThrow().id();
        assertEquals(List.of(b), r.messages(id).stream().map(MessageRecord::uid).toList());
        assertEquals(1, r.expunged(id).size());
        assertEquals(1, r.quota("joe").usedMessages());
      }
      s.execute(ADMIN, new RestoreExpunged("user/joe/INBOX", 0));
      try (ProjectionReader r = s.read()) {
        long id = r.mailbox("user/joe/INBOX").orElseThrow().id();
        assertEquals(List.of(b, 3L), r.messages(id).stream().map(MessageRecord::uid).toList());
        assertEquals(Set.of(), r.message(id, 3L).orElseThrow().flags(), "\\Deleted cleared");
        assertTrue(r.expunged(id).isEmpty());
      }
      s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(3L)));
      s.execute(ADMIN, new Purge("user/joe/INBOX", Long.MAX_VALUE));
      try (ProjectionReader r = s.read()) {
        long id = r.mailbox("user/joe/INBOX").orElseThrow().id();
        assertTrue(r.expunged(id).isEmpty());
        assertEquals(4, r.mailbox(id).orElseThrow().uidNext(), "UIDs are never reused");
      }
    }
  }

  @Test
  void expungePresentSkipsAUidAlreadyGoneWhereAPlainExpungeIsRefused() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      long a = append(s, "user/joe/INBOX", "a@x");
      long b = append(s, "user/joe/INBOX", "b@x");
      long c = append(s, "user/joe/INBOX", "c@x");
      s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(a)));
      Rejected e =
          assertThrows(
              Rejected.class, () -> s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(a, b))));
      assertEquals(Rejected.Kind.NOT_FOUND, e.kind());
      s.execute(ADMIN, Expunge.present("user/joe/INBOX", List.of(a, b)));
      try (ProjectionReader r = s.read()) {
        long id = r.mailbox("user/joe/INBOX").orElseThrow().id();
        assertEquals(List.of(c), r.messages(id).stream().map(MessageRecord::uid).toList());
        assertEquals(2, r.expunged(id).size(), "a once, b once");
        assertFalse(r.containsMessage(id, b));
        assertTrue(r.containsMessage(id, c));
      }
    }
  }

  @Test
  void storeFlagsSkippingMissingPassesOverAUidAlreadyGoneWhereAPlainStoreIsRefused()
      throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      long a = append(s, "user/joe/INBOX", "a@x");
      long b = append(s, "user/joe/INBOX", "b@x");
      s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(a)));
      Set<SystemFlag> seen = Set.of(SystemFlag.SEEN);
      Rejected e =
          assertThrows(
              Rejected.class,
              () ->
                  s.execute(
                      ADMIN,
                      new StoreFlags(
                          "user/joe/INBOX", List.of(a, b), StoreFlags.Mode.ADD, seen, List.of())));
      assertEquals(Rejected.Kind.NOT_FOUND, e.kind());
      Outcome o =
          s.execute(
              ADMIN,
              new StoreFlags(
                  "user/joe/INBOX",
                  List.of(a, b),
                  StoreFlags.Mode.ADD,
                  seen,
                  List.of(),
                  StoreFlags.ANY,
                  true));
      assertEquals(1, o.eventsOf(MessageEvent.FlagsStored.class).size());
      try (ProjectionReader r = s.read()) {
        long id = r.mailbox("user/joe/INBOX").orElseThrow().id();
        assertEquals(seen, r.message(id, b).orElseThrow().flags());
      }
    }
  }

  @Test
  void flagScanReadsWhatTheDecodedMessagesHold() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      List<Long> uids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        uids.add(append(s, "user/joe/INBOX", i + "@x"));
      }
      s.execute(
          ADMIN,
          new StoreFlags(
              "user/joe/INBOX",
              List.of(uids.get(1), uids.get(4)),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.SEEN, SystemFlag.FLAGGED),
              List.of("$Label1")));
      s.execute(
          ADMIN,
          new StoreFlags(
              "user/joe/INBOX",
              List.of(uids.get(2)),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.DELETED, SystemFlag.DRAFT, SystemFlag.ANSWERED),
              List.of()));
      try (ProjectionReader r = s.read()) {
        long id = r.mailbox("user/joe/INBOX").orElseThrow().id();
        List<String> decoded = new ArrayList<>();
        r.forEachMessage(
            id, uids.get(1), m -> decoded.add(m.uid() + " " + SystemFlag.toBits(m.flags())));
        List<String> scanned = new ArrayList<>();
        r.forEachMessageFlags(id, uids.get(1), (uid, bits) -> scanned.add(uid + " " + bits));
        assertEquals(decoded, scanned);
        assertEquals(5, scanned.size());
        assertEquals(
            Set.of(SystemFlag.SEEN, SystemFlag.FLAGGED),
            r.message(id, uids.get(4)).orElseThrow().flags());
      }
    }
  }

  @Test
  void renameMovesChildrenAndDeleteForgetsEverything() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/projx", null));
      s.execute(ADMIN, new CreateMailbox("user/joe/projx/2026", null));
      append(s, "user/joe/projx/2026", "a@x");
      s.execute(ADMIN, new SetAcl("user/joe/projx", "ann", "lr"));
      s.execute(ADMIN, new RenameMailbox("user/joe/projx", "user/joe/old", null));
      try (ProjectionReader r = s.read()) {
        assertEquals(
            List.of("user/joe/INBOX", "user/joe/old", "user/joe/old/2026"),
            r.mailboxes("user/joe/").stream().map(MailboxRecord::name).toList());
        assertEquals(List.of("lr"), r.aclOf("ann").stream().map(AclEntry::rights).toList());
      }
      s.execute(ADMIN, new DeleteMailbox("user/joe/old/2026"));
      s.execute(ADMIN, new DeleteMailbox("user/joe/old"));
      try (ProjectionReader r = s.read()) {
        assertEquals(
            List.of("user/joe/INBOX"),
            r.mailboxes("user/joe/").stream().map(MailboxRecord::name).toList());
        assertTrue(r.aclOf("ann").isEmpty());
        assertEquals(0, r.quota("joe").usedBytes());
        assertEquals(0, r.messageCount());
      }
    }
  }

  @Test
  void subscriptionsAndConfigAreProjections() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new Subscribe("joe", "user/joe/Sent", true));
      assertTrue(s.execute(ADMIN, new Subscribe("joe", "user/joe/Sent", true)).wroteNothing());
      s.execute(ADMIN, new SetConfig("store.cleanupage", "24"));
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      try (ProjectionReader r = s.read()) {
        assertTrue(r.isSubscribed("joe", "user/joe/Sent"));
        assertEquals("24", r.configOverride("store.cleanupage").orElseThrow());
      }
      assertTrue(s.partitions().exists("second"));
      s.execute(ADMIN, new Subscribe("joe", "user/joe/Sent", false));
      s.execute(ADMIN, new SetConfig("store.cleanupage", null));
      try (ProjectionReader r = s.read()) {
        assertFalse(r.isSubscribed("joe", "user/joe/Sent"));
        assertTrue(r.configOverride("store.cleanupage").isEmpty());
      }
    }
  }

  @Test
  void moveToAnotherPartitionCopiesBodiesFirst() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      append(s, "user/joe/INBOX", "a@x");
      s.moveMailbox(ADMIN, "user/joe/INBOX", "user/joe/INBOX", "second");
      try (ProjectionReader r = s.read()) {
        MailboxRecord m = r.mailbox("user/joe/INBOX").orElseThrow();
        assertEquals("second", m.partition());
        MessageRecord msg = r.messages(m.id()).get(0);
        try (InputStream in = s.openBody("second", msg.digest())) {
          assertEquals(msg.size(), in.readAllBytes().length);
        }
      }
    }
  }

  /**
   * partitionOf remembers its answers (a read transaction per append saved) only until this process
   * commits something that may move a mailbox: an append right after a move stores its body in the
   * new partition straight away, not in the old one and then a copy.
   */
  @Test
  void anAppendAfterAMoveGoesStraightToTheNewPartition() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      append(s, "user/joe/INBOX", "a@x");
      assertEquals("primary", s.partitionOf("user/joe/INBOX"));
      s.moveMailbox(ADMIN, "user/joe/INBOX", "user/joe/INBOX", "second");
      assertEquals("second", s.partitionOf("user/joe/INBOX"));
      append(s, "user/joe/INBOX", "b@x");
      try (ProjectionReader r = s.read()) {
        MailboxRecord m = r.mailbox("user/joe/INBOX").orElseThrow();
        MessageRecord b = r.messages(m.id()).get(1);
        assertTrue(s.bodies("second").contains(b.digest()));
        assertFalse(
            s.bodies("primary").contains(b.digest()), "the body went to the old partition first");
      }
      s.execute(ADMIN, new CreateMailbox("user/ann/INBOX", "second"));
      assertEquals("second", s.partitionOf("user/ann/INBOX"));
      s.execute(ADMIN, new DeleteMailbox("user/ann/INBOX"));
      s.execute(ADMIN, new CreateMailbox("user/ann/INBOX", "primary"));
      assertEquals("primary", s.partitionOf("user/ann/INBOX"));
    }
  }

  @Test
  void anAccountMoveRenamesEachMailboxOnce() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      s.execute(ADMIN, new CreateMailbox("user/joe/Sent", null));
      append(s, "user/joe/INBOX", "a@x");
      s.bodies("second").put(s.openBody("primary", firstDigest(s)));
      Outcome moved = s.execute(ADMIN, new MoveAccount("joe", "second"));
      List<Long> renamed =
          moved.eventsOf(MailboxEvent.Renamed.class).stream().map(r -> r.mailboxId()).toList();
      assertEquals(2, renamed.size(), moved.events().toString());
      assertEquals(2, new java.util.HashSet<>(renamed).size(), moved.events().toString());
    }
  }

  private static dev.msgstore.journal.body.Digest firstDigest(Store s) {
    try (ProjectionReader r = s.read()) {
      return r.messages(r.mailbox("user/joe/INBOX").orElseThrow().id()).get(0).digest();
    }
  }
}
