package dev.msgstore.store.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.Purge;
import dev.msgstore.store.command.SetConfig;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge pass: what it purges, what it keeps, and the race with a delivery it must not lose. */
class PurgerTest {
  static final Author ADMIN = Author.of("admin", "PurgerTest");

  @TempDir Path root;

  static byte[] message(String tag, int lines) {
    return ("Subject: " + tag + "\r\n\r\n" + (tag + " body line\r\n").repeat(lines))
        .getBytes(StandardCharsets.US_ASCII);
  }

  static Digest append(Store s, String mailbox, byte[] body) throws Exception {
    return s.append(
            ADMIN, mailbox, new ByteArrayInputStream(body), AppendOptions.DEFAULT.creating())
        .eventsOf(MessageEvent.Appended.class)
        .get(0)
        .digest();
  }

  static long uid(Store s, String mailbox, Digest d) {
    try (ProjectionReader r = s.read()) {
      long id = r.mailbox(mailbox).orElseThrow().id();
      return r.messages(id).stream()
          .filter(m -> m.digest().equals(d))
          .findFirst()
          .orElseThrow()
          .uid();
    }
  }

  static byte[] read(Store s, Digest d) throws Exception {
    try (InputStream in = s.openBody("primary", d)) {
      return in.readAllBytes();
    }
  }

  @Test
  void purgesWhatIsDueKeepsTheRestAndReclaimsOnlyUnnamedBodies() throws Exception {
    Digest gone;
    Digest shared;
    Digest recent;
    Digest live;
    try (Store s = Store.open(root)) {
      gone = append(s, "user/joe/INBOX", message("gone", 2000));
      shared = append(s, "user/joe/INBOX", message("shared", 2000));
      append(s, "user/ann/INBOX", message("shared", 2000));
      recent = append(s, "user/joe/INBOX", message("recent", 2000));
      live = append(s, "user/joe/INBOX", message("live", 2000));
      s.execute(ADMIN, new SetConfig("store.cleanupage", "1"));
      s.execute(
          ADMIN,
          new Expunge(
              "user/joe/INBOX",
              List.of(uid(s, "user/joe/INBOX", gone), uid(s, "user/joe/INBOX", shared))));
    }
    // Expunged "recently" from the point of view of a clock 90 minutes on: the first two are due.
    Thread.sleep(5);
    long split = System.currentTimeMillis();
    Thread.sleep(5);
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(uid(s, "user/joe/INBOX", recent))));
    }
    // Fixed, not offset: a moving clock would make "recent" due too once the pass starts more than
    // 5 ms later (seen on a loaded machine).
    Clock later = Clock.fixed(Instant.ofEpochMilli(split + 3_600_000), ZoneOffset.UTC);
    try (Store s = Store.open(root)) {
      long before = ((SegmentBodyStore) s.bodies("primary")).segmentBytes();
      PurgeReport r = new Purger(s, ADMIN, later, line -> {}).pass();
      assertEquals(List.of(new PurgeReport.MailboxPurged("user/joe/INBOX", 2)), r.mailboxes());
      assertEquals(1, r.stillExpunged());
      assertFalse(s.bodies("primary").contains(gone), "no message names it: reclaimed");
      assertTrue(s.bodies("primary").contains(shared), "ann's copy names it");
      assertTrue(s.bodies("primary").contains(recent), "still restorable");
      assertTrue(s.bodies("primary").contains(live));
      assertEquals(
          new String(message("recent", 2000), StandardCharsets.US_ASCII),
          new String(read(s, recent), StandardCharsets.US_ASCII));
      assertEquals(
          new String(message("live", 2000), StandardCharsets.US_ASCII),
          new String(read(s, live), StandardCharsets.US_ASCII));
      long after = ((SegmentBodyStore) s.bodies("primary")).segmentBytes();
      assertTrue(after < before, before + " -> " + after);
      assertEquals(before - after, r.reclaimedBytes());
      try (ProjectionReader pr = s.read()) {
        assertEquals(1, pr.expunged(pr.mailbox("user/joe/INBOX").orElseThrow().id()).size());
      }
    }
  }

  @Test
  void aBodyNamedAgainAfterItWasJudgedDeadIsKept() throws Exception {
    byte[] body = message("again", 3000);
    Digest d;
    try (Store s = Store.open(root)) {
      d = append(s, "user/joe/INBOX", body);
      append(s, "user/joe/INBOX", message("other", 10));
      s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(uid(s, "user/joe/INBOX", d))));
      s.execute(ADMIN, new Purge("user/joe/INBOX", Long.MAX_VALUE));
    }
    try (Store s = Store.open(root)) {
      LiveBodies live = LiveBodies.of(s, ADMIN, "primary", Long.MAX_VALUE);
      assertFalse(live.isLive(d), "judged dead: nothing names it");
      // A delivery of the same content deduplicates against the stored body and commits.
      Digest again = append(s, "user/ann/INBOX", body);
      assertEquals(d, again);
      ((SegmentBodyStore) s.bodies("primary")).compact(live);
      assertTrue(s.bodies("primary").contains(d), "the delivery's body must survive compaction");
      assertEquals(body.length, read(s, d).length);
    }
  }

  @Test
  void oneSessionAtATime() {
    PurgeLock first = PurgeLock.take(root);
    PurgeLock.Busy busy = assertThrows(PurgeLock.Busy.class, () -> PurgeLock.take(root));
    assertEquals(
        "General Error: Could not get purge session lock. Possibly another impurge is running",
        busy.getMessage());
    first.close();
    PurgeLock.take(root).close(); // released
  }
}
