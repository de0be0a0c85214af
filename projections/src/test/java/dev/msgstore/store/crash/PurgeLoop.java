package dev.msgstore.store.crash;

import dev.msgstore.journal.Author;
import dev.msgstore.store.Store;
import dev.msgstore.store.purge.PurgeLock;
import dev.msgstore.store.purge.Purger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A child JVM that purges and compacts, pass after pass, as if its clock read {@code nowMillis}:
 * the parent kills it mid-way. Prints {@code READY} once the store is open, {@code PASS n} after
 * each pass.
 *
 * <p>Arguments: store root, the time the purge takes as now (epoch milliseconds).
 */
public final class PurgeLoop {
  private PurgeLoop() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    long now = Long.parseLong(args[1]);
    Clock clock =
        Clock.offset(Clock.systemUTC(), Duration.ofMillis(now - System.currentTimeMillis()));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    try (Store s = Store.open(root);
        PurgeLock lock = PurgeLock.take(root)) {
      Purger purger = new Purger(s, Author.of("crash-test", "PurgeLoop " + lock), clock, l -> {});
      out.println("READY");
      out.flush();
      for (int pass = 0; pass < 20; pass++) {
        purger.pass();
        out.println("PASS " + pass);
        out.flush();
      }
    }
    out.println("DONE");
    out.flush();
  }
}
