package dev.msgstore.commands.reconstruct;

import java.io.PrintWriter;

/**
 * A line on stderr every 10% of {@code total} or every {@link #EVERY_NANOS}, whichever comes first,
 * so that a run over millions of messages shows it is alive without flooding the terminal.
 */
final class Progress {
  static final long EVERY_NANOS = 5_000_000_000L;
  private final PrintWriter err;
  private final String noun;
  private final long total;
  private long lastNanos = System.nanoTime();
  private long lastTenth;

  Progress(PrintWriter err, String noun, long total) {
    this.err = err;
    this.noun = noun;
    this.total = total;
  }

  synchronized void at(long done) {
    long now = System.nanoTime();
    long tenth = total > 0 ? done * 10 / total : 0;
    if ((tenth > lastTenth && done < total) || now - lastNanos >= EVERY_NANOS) {
      err.println("reconstruct: " + done + "/" + (total > 0 ? total : "?") + " " + noun);
      err.flush();
      lastNanos = now;
      lastTenth = tenth;
    }
  }
}
