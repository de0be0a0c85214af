package dev.msgstore.commands.impurge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.StoreRun;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.SegmentBodyStore;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.purge.PurgeLock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** impurge (Table 71-13) through the command line: -e, -r, -d, the lock, a dry run. */
class ImpurgeCommandTest {
  @TempDir Path root;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  StoreRun ok(String stdin, String... args) {
    return StoreRun.ok(root, stdin, args);
  }

  static String message(String tag) {
    return "Subject: " + tag + "\r\n\r\n" + (tag + " says hello\r\n").repeat(500);
  }

  long segmentBytes() throws Exception {
    try (Store s = Store.open(root)) {
      return ((SegmentBodyStore) s.bodies("primary")).segmentBytes();
    }
  }

  long expunged() {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      long[] n = {0};
      r.forEachExpunged(x -> ++n[0] > 0);
      return n[0];
    }
  }

  @BeforeEach
  void store() {
    ok(message("one"), "deliver", "joe");
    ok(message("two"), "deliver", "joe");
    ok(message("three"), "deliver", "joe", "ann");
    try (Store s = Store.open(root)) {
      s.execute(Author.of("tester", "test"), new Expunge("user/joe/INBOX", List.of(1L, 2L, 3L)));
    }
  }

  @Test
  void purgesExpungedMessagesAndReclaimsTheirBodies() throws Exception {
    long before = segmentBytes();
    StoreRun r = ok("", "impurge", "-e");
    long after = segmentBytes();
    assertEquals(0, expunged());
    assertTrue(after < before, before + " -> " + after);
    assertEquals(
        "impurge: purged 3 messages in 1 mailboxes; reclaimed "
            + (before - after)
            + " bytes (segments "
            + before
            + " -> "
            + after
            + " bytes)\n",
        r.out());
    assertEquals("", r.err());
    // ann's copy of "three" is still hers
    assertTrue(ok("", "imcheck", "-m", "user/ann/INBOX", "-b", "1").out().contains("three says"));
    StoreRun again = ok("", "impurge", "-e", "-d");
    assertEquals(
        "impurge: purged 0 messages in 0 mailboxes; reclaimed 0 bytes (segments "
            + after
            + " -> "
            + after
            + " bytes)\n",
        again.out());
    assertTrue(again.err().contains("purge: 0 mailboxes hold messages expunged over 0h ago"));
  }

  @Test
  void keepsWhatIsNotOldEnough() {
    ok("", "configutil", "-o", "store.cleanupage", "-v", "2");
    assertTrue(ok("", "impurge", "-e").out().startsWith("impurge: purged 0 messages"));
    assertEquals(3, expunged());
  }

  @Test
  void aSecondPurgeGetsTheReferenceMessage() {
    PurgeLock held = PurgeLock.take(root);
    try {
      StoreRun r = run("", "impurge", "-e");
      assertEquals(75, r.exit());
      assertEquals(
          "impurge: General Error: Could not get purge session lock. Possibly another impurge is"
              + " running\n",
          r.err());
    } finally {
      held.close();
    }
    assertEquals(3, expunged(), "nothing was purged");
  }

  @Test
  void hoursMustBeLargerThanZero() {
    StoreRun r = run("", "impurge", "-r", "0");
    assertEquals(64, r.exit());
    assertTrue(r.err().startsWith("impurge: -r: hours must be larger than 0"), r.err());
  }

  @Test
  void withRAndEItExitsWhenTheQueueIsEmpty() {
    assertTrue(ok("", "impurge", "-r", "1", "-e").out().startsWith("impurge: purged 3 messages"));
  }

  @Test
  void aDryRunPurgesNothing() throws Exception {
    long before = segmentBytes();
    StoreRun r = ok("", "--dry-run", "impurge", "-e");
    assertTrue(r.out().startsWith("impurge: purged 3 messages in 1 mailboxes"), r.out());
    assertEquals(3, expunged());
    assertEquals(before, segmentBytes());
  }
}
