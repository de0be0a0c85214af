package dev.msgstore.scripting.repl;

import java.time.Duration;

/**
 * Ctrl-C while an entry runs: interrupts the thread running it, which stops the entry at its next
 * wait or loop (scripts are compiled with Groovy's {@code ThreadInterrupt}). The entry runs on the
 * thread that read it, not a worker of its own, so the store is used from the same thread as
 * always; what it committed stays, and a command it was waiting for still commits or not as a whole
 * on the store's writer thread.
 *
 * <p>An entry that ignores the interrupt (blocked in code that never checks) cannot be stopped
 * safely: a Ctrl-C that comes {@link #GRACE} or more after the first ends the shell instead, as
 * Ctrl-C did before; quicker repeats are taken for impatience and ignored.
 */
final class EntryInterrupter {
  static final Duration GRACE = Duration.ofSeconds(2);

  private final Duration grace;
  private final Runnable endShell;
  private Thread running;
  private long requestedAt;
  private boolean requested;

  /** {@code endShell}: what a Ctrl-C does to an entry that did not stop at the first. */
  EntryInterrupter(Duration grace, Runnable endShell) {
    this.grace = grace;
    this.endShell = endShell;
  }

  /** The calling thread runs an entry from now until {@link #end()}. */
  synchronized void begin() {
    running = Thread.currentThread();
    requested = false;
  }

  /**
   * The entry is over; an interrupt it left behind must not reach the line editor, so it is cleared
   * here, after the last one could be sent.
   */
  void end() {
    synchronized (this) {
      running = null;
    }
    Thread.interrupted();
  }

  /** Whether Ctrl-C was pressed since the entry began: a /load stops there as well. */
  synchronized boolean requested() {
    return requested;
  }

  /** Ctrl-C, on the JVM's signal thread; at the prompt the line editor takes it instead. */
  void interrupt() {
    synchronized (this) {
      if (running == null) {
        return;
      }
      if (!requested) {
        requested = true;
        requestedAt = System.nanoTime();
        running.interrupt();
        return;
      }
      if (System.nanoTime() - requestedAt < grace.toNanos()) {
        return;
      }
    }
    endShell.run();
  }
}
