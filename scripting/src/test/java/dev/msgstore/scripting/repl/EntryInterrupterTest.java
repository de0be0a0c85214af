package dev.msgstore.scripting.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ctrl-C's three cases: no entry running, the first press, and a press the entry outlived. */
class EntryInterrupterTest {
  private final AtomicInteger shellsEnded = new AtomicInteger();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void atThePromptCtrlCInterruptsNothing() {
    EntryInterrupter interrupter =
        new EntryInterrupter(Duration.ZERO, shellsEnded::incrementAndGet);
    interrupter.interrupt();
    interrupter.interrupt();
    assertFalse(Thread.currentThread().isInterrupted());
    assertFalse(interrupter.requested());
    assertEquals(0, shellsEnded.get());
  }

  @Test
  void theFirstCtrlCInterruptsTheEntryAndItsEndClearsTheInterrupt() {
    EntryInterrupter interrupter =
        new EntryInterrupter(Duration.ofHours(1), shellsEnded::incrementAndGet);
    interrupter.begin();
    interrupter.interrupt();
    assertTrue(Thread.currentThread().isInterrupted());
    assertTrue(interrupter.requested());
    interrupter.interrupt(); // a quick repeat: impatience, not a stuck entry
    assertEquals(0, shellsEnded.get());
    interrupter.end();
    assertFalse(Thread.currentThread().isInterrupted(), "the line editor reads next");
    interrupter.interrupt(); // at the prompt again
    assertFalse(Thread.currentThread().isInterrupted());
    interrupter.begin();
    assertFalse(interrupter.requested(), "each entry starts afresh");
    interrupter.end();
    assertEquals(0, shellsEnded.get());
  }

  @Test
  void aCtrlCAfterTheGraceEndsTheShellWhenTheEntryDidNotStop() {
    EntryInterrupter interrupter =
        new EntryInterrupter(Duration.ZERO, shellsEnded::incrementAndGet);
    interrupter.begin();
    interrupter.interrupt();
    assertEquals(0, shellsEnded.get());
    interrupter.interrupt();
    assertEquals(1, shellsEnded.get());
    interrupter.end();
  }
}
