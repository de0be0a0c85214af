package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.lmdb.ReadTxns;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read transactions kept for reuse (ReadTxns): a reused one sees the newest commit, as a new one
 * would; a reader closed twice gives its transaction back once; closing while readers come and go
 * leaves none kept, and the environment then closes without a native crash.
 */
class ReadTxnsTest {
  static final Author ADMIN = Author.of("admin", "ReadTxnsTest");

  @TempDir Path root;

  @Test
  void aReusedTransactionSeesTheNewestCommit() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/ann/INBOX", null));
      Projections p = s.projections();
      try (ProjectionReader r = p.beginRead()) {
        assertTrue(r.mailbox("user/ann/INBOX").isPresent());
        assertFalse(r.mailbox("user/bob/INBOX").isPresent());
      }
      assertEquals(1, p.readTxns().kept(), "a closed reader's transaction is kept");
      s.execute(ADMIN, new CreateMailbox("user/bob/INBOX", null));
      try (ProjectionReader r = p.beginRead();
          ProjectionReader other = p.beginRead()) {
        assertEquals(0, p.readTxns().kept(), "the kept one was renewed, the second is new");
        assertTrue(r.mailbox("user/bob/INBOX").isPresent(), "renewed on the newest snapshot");
        assertTrue(other.mailbox("user/bob/INBOX").isPresent());
      }
      assertEquals(2, p.readTxns().kept());
    }
  }

  @Test
  void aReaderClosedTwiceGivesItsTransactionBackOnce() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/ann/INBOX", null));
      Projections p = s.projections();
      ProjectionReader r = p.beginRead();
      r.close();
      r.close();
      assertEquals(1, p.readTxns().kept());
      ReadTxns pool = p.readTxns();
      var t = pool.take();
      pool.give(t);
      pool.give(t);
      assertEquals(1, pool.kept());
      assertTrue(pool.take() == t, "the transaction given back twice is kept once, still good");
      pool.give(t);
      try (ProjectionReader a = p.beginRead();
          ProjectionReader b = p.beginRead()) {
        assertTrue(a.mailbox("user/ann/INBOX").isPresent());
        assertTrue(b.mailbox("user/ann/INBOX").isPresent());
      }
    }
  }

  @Test
  void closingWhileReadersComeAndGoKeepsNoneAndTheStoreClosesCleanly() throws Exception {
    for (int round = 0; round < 20; round++) {
      Store s = Store.open(root);
      s.execute(ADMIN, new CreateMailbox("user/r" + round + "/INBOX", null));
      Projections p = s.projections();
      ReadTxns pool = p.readTxns();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      List<Thread> readers = new ArrayList<>();
      String name = "user/r" + round + "/INBOX";
      for (int t = 0; t < 4; t++) {
        readers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        while (!stop.get()) {
                          try (ProjectionReader r = p.beginRead()) {
                            if (r.mailbox(name).isEmpty()) {
                              throw new AssertionError("a reader did not see " + name);
                            }
                          }
                        }
                      } catch (Throwable e) {
                        failed.compareAndSet(null, e);
                      }
                    }));
      }
      Thread.sleep(5);
      pool.close(); // what Projections.close does first, while readers still come and go
      Thread.sleep(5);
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      if (failed.get() != null) {
        throw new AssertionError("a reader failed", failed.get());
      }
      assertEquals(0, p.readTxns().kept(), "nothing given back after the close is kept");
      s.close(); // the environment closes: no kept transaction is left to outlive it
    }
    Store s = Store.open(root);
    Projections p = s.projections();
    try (ProjectionReader r = p.beginRead()) {
      assertTrue(r.mailbox("user/r19/INBOX").isPresent());
    }
    s.close();
    // a reader after the close is refused (as it always was), not served a freed transaction
    assertThrows(RuntimeException.class, () -> p.beginRead().close());
  }
}
