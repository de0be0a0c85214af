package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.BodyStoreContract.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stored from virtual threads, as LMTP sessions store them: the group-commit leader is then
 * a virtual thread, and the index's LMDB write transaction must not run on it.
 *
 * <p>Why it hung (an LMTP load, stop 24): LMDB's writer lock is a robust pthread mutex owned by the
 * OS thread that began the write transaction. A virtual thread that unmounts inside the transaction
 * may resume on another carrier and commit there; the unlock then fails (EPERM, which LMDB ignores)
 * and the lock stays held by a carrier that is alive and idle, so the next mdb_txn_begin waits for
 * ever. Since JDK 24 a virtual thread unmounts when it blocks on a contended monitor, and the index
 * transaction takes one: every direct buffer it allocates registers its cleaner in the JDK's static
 * synchronized {@code jdk.internal.ref.Cleaner.add}. This test contends that monitor from platform
 * threads (as the daemon's other threads do, allocating direct buffers) so that virtual leaders
 * unmount inside their transaction again and again.
 */
class VirtualLeaderIndexTest {
  private static final int WRITERS = 16;
  private static final int BODIES_EACH = 150;
  private static final long HANG_SECONDS = 120; // a hang, not a speed limit: a pass takes ~2 s

  @Test
  void virtualLeadersNeverLeaveTheIndexWriteLockHeld(@TempDir Path dir) throws Exception {
    Object cleanerMonitor = Class.forName("jdk.internal.ref.Cleaner"); // its static lock
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> contenders = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      contenders.add(
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!stop.get()) {
                      synchronized (cleanerMonitor) {
                        LockSupport.parkNanos(200_000);
                      }
                      LockSupport.parkNanos(20_000);
                    }
                  }));
    }
    SegmentBodyStore store = SegmentBodyStore.open(dir.resolve("bodies"));
    CountDownLatch done = new CountDownLatch(WRITERS);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < WRITERS; t++) {
      int writer = t;
      writers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < BODIES_EACH; i++) {
                        store.put(body(300, writer * 10_000L + i));
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    } finally {
                      done.countDown();
                    }
                  }));
    }
    boolean finished = done.await(HANG_SECONDS, TimeUnit.SECONDS);
    stop.set(true);
    for (Thread c : contenders) {
      c.join();
    }
    if (!finished) {
      // not closed: its writers are stuck in native code for good
      fail("stores from virtual threads hung; stuck: " + stuck(writers));
    }
    try (store) {
      if (failure.get() != null) {
        throw new AssertionError("a store failed", failure.get());
      }
      assertEquals(WRITERS * BODIES_EACH, store.stats().records());
    }
  }

  private static String stuck(List<Thread> writers) {
    StringBuilder out = new StringBuilder();
    for (Thread w : writers) {
      StackTraceElement[] stack = w.getStackTrace();
      if (w.isAlive() && stack.length > 0) {
        out.append("\n  ").append(stack[0]);
        for (int i = 1; i < Math.min(stack.length, 6); i++) {
          out.append(" < ").append(stack[i].getMethodName());
        }
      }
    }
    return out.toString();
  }
}
