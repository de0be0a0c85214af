package dev.msgstore.store.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.BodyCheck;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.purge.Purger;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM purging and compacting is killed with SIGKILL at random moments, 20 rounds, each
 * round with new work (messages delivered, some expunged long enough ago to be purged, some so
 * recently they must stay restorable). After each kill the store opens as it is, and: every message
 * in a mailbox and every restorable one reads back exactly; every body the index names passes its
 * checks (no half-compacted segment is read). At the end one pass finishes the work and the purged
 * bodies are gone.
 */
class PurgeCrashTest {
  static final int KILLS = 20;
  static final Author ADMIN = Author.of("admin", "PurgeCrashTest");

  @TempDir Path root;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path logs;

  @Test
  void aPurgeKilledAnywhereLosesNothingItShouldKeep() throws Exception {
    Random rnd = new Random(7);
    Path log = logs.resolve("children.log");
    Set<Digest> purgeable = new HashSet<>();
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.cleanupage", "1"));
    }
    int completed = 0;
    for (int round = 0; round < KILLS; round++) {
      long purgeAt = newWork(round, rnd, purgeable);
      try (ChildJvm child =
          ChildJvm.start(PurgeLoop.class, log, root.toString(), Long.toString(purgeAt))) {
        assertTrue(child.ready.await(60, TimeUnit.SECONDS), "child did not start; see " + log);
        Thread.sleep(rnd.nextInt(600));
        child.kill9();
        completed += child.lines.stream().anyMatch(l -> l.startsWith("PASS")) ? 1 : 0;
      }
      verify();
    }
    try (Store s = Store.open(root)) {
      Clock at =
          Clock.offset(
              Clock.systemUTC(), Duration.ofMillis(lastSplit - System.currentTimeMillis()));
      new Purger(s, ADMIN, at, l -> {}).pass();
      for (Digest d : purgeable) {
        assertFalse(s.bodies("primary").contains(d), "purged body " + d + " is still stored");
      }
    }
    verify();
    assertTrue(completed < KILLS, "some rounds must be killed before a pass finished");
  }

  private long lastSplit;

  /**
   * Delivers 40 messages to three users; expunges 12 of them, then (after the split time) 6 more.
   * Returns the time at which the purge should run: an hour after the split, so the first 12 are
   * due and the 6 stay restorable.
   */
  private long newWork(int round, Random rnd, Set<Digest> purgeable) throws Exception {
    List<String> boxes = List.of("user/a/INBOX", "user/b/INBOX", "user/c/Archive");
    List<long[]> appended = new ArrayList<>(); // box index, uid
    List<Digest> digests = new ArrayList<>();
    try (Store s = Store.open(root)) {
      for (int i = 0; i < 40; i++) {
        int box = rnd.nextInt(boxes.size());
        byte[] body =
            ("Subject: r"
                    + round
                    + " m"
                    + i
                    + "\r\n\r\n"
                    + ("r" + round + " line " + i + "\r\n").repeat(200 + rnd.nextInt(3000)))
                .getBytes(StandardCharsets.US_ASCII);
        MessageEvent.Appended a =
            s.append(
                    ADMIN,
                    boxes.get(box),
                    new ByteArrayInputStream(body),
                    AppendOptions.DEFAULT.creating())
                .eventsOf(MessageEvent.Appended.class)
                .get(0);
        appended.add(new long[] {box, a.uid()});
        digests.add(a.digest());
      }
      for (int i = 0; i < 12; i++) {
        s.execute(
            ADMIN, new Expunge(boxes.get((int) appended.get(i)[0]), List.of(appended.get(i)[1])));
        purgeable.add(digests.get(i));
      }
    }
    Thread.sleep(5);
    long split = System.currentTimeMillis();
    Thread.sleep(5);
    try (Store s = Store.open(root)) {
      for (int i = 12; i < 18; i++) {
        s.execute(
            ADMIN, new Expunge(boxes.get((int) appended.get(i)[0]), List.of(appended.get(i)[1])));
      }
    }
    lastSplit = split + 3_600_000;
    return lastSplit;
  }

  /** Opens the store after the kill, no repair: what must be kept reads back exactly. */
  private void verify() throws Exception {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      BodyStore bodies = s.bodies("primary");
      List<MailboxRecord> boxes = new ArrayList<>();
      r.forEachMailbox("", boxes::add);
      for (MailboxRecord m : boxes) {
        for (MessageRecord msg : r.messages(m.id())) {
          assertEquals(msg.digest(), digestOf(s, msg), m.name() + " uid " + msg.uid());
        }
        for (var x : r.expunged(m.id())) {
          assertEquals(x.message().digest(), digestOf(s, x.message()), "restorable " + x);
        }
      }
      List<Digest> indexed = new ArrayList<>();
      bodies.forEachBody(b -> indexed.add(b.digest()));
      for (Digest d : indexed) {
        assertEquals(BodyCheck.OK, bodies.verify(d), "indexed body " + d);
      }
    }
  }

  private static Digest digestOf(Store s, MessageRecord msg) throws Exception {
    MessageDigest sha = Digest.newSha256();
    try (InputStream in = s.openBody("primary", msg.digest())) {
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        sha.update(buf, 0, n);
      }
    }
    return Digest.of(sha.digest());
  }
}
