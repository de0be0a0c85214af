package dev.msgstore.store.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM delivering in a loop is killed with SIGKILL at random moments, again and again. Every
 * message it acknowledged must be there, read back with its digest, from a store that opens without
 * any repair step.
 */
class CrashSafetyTest {
  static final int KILLS = 20;
  static final String MAILBOX = "user/crash/INBOX";

  @TempDir Path root;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path logs;

  @Test
  void nothingAcknowledgedIsLostToKillNine() throws Exception {
    Random rnd = new Random(42);
    Path log = logs.resolve("children.log");
    Map<Long, String> acknowledged = new HashMap<>();
    int totalAcks = 0;
    for (int round = 0; round < KILLS; round++) {
      try (ChildJvm child =
          ChildJvm.start(
              DeliveryLoop.class, log, root.toString(), MAILBOX, "1000000000", "r" + round)) {
        assertTrue(
            child.firstAck.await(60, TimeUnit.SECONDS), "child delivered nothing; see " + log);
        Thread.sleep(rnd.nextInt(400));
        child.kill9();
        for (String ack : child.acks()) {
          String[] f = ack.split(" ");
          String previous = acknowledged.put(Long.parseLong(f[1]), f[2]);
          assertEquals(null, previous, "UID " + f[1] + " acknowledged twice");
          totalAcks++;
        }
      }
      verify(acknowledged);
    }
    assertTrue(totalAcks >= KILLS, "each round acknowledged at least one message");
  }

  /** Opens the store as an administrator would after a crash: no repair, just open. */
  private void verify(Map<Long, String> acknowledged) throws Exception {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MailboxRecord m = r.mailbox(MAILBOX).orElseThrow();
      for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
        MessageRecord msg =
            r.message(m.id(), ack.getKey())
                .orElseThrow(
                    () -> new AssertionError("acknowledged UID " + ack.getKey() + " lost"));
        assertEquals(ack.getValue(), msg.digest().hex());
        assertEquals(msg.digest(), digestOf(s, m.partition(), msg));
      }
      assertEquals(m.messages(), r.messages(m.id()).size());
    }
  }

  private static Digest digestOf(Store s, String partition, MessageRecord msg) throws Exception {
    MessageDigest sha = Digest.newSha256();
    long size = 0;
    try (InputStream in = s.openBody(partition, msg.digest())) {
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        sha.update(buf, 0, n);
        size += n;
      }
    }
    assertEquals(msg.size(), size);
    return Digest.of(sha.digest());
  }
}
