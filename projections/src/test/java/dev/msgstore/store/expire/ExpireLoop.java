package dev.msgstore.store.expire;

import dev.msgstore.journal.Author;
import dev.msgstore.store.Store;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A child JVM's imexpire run over the store at {@code args[0]} with the rule file {@code args[1]}:
 * prints STARTED when the rules are read and the run begins, DONE and its milliseconds when it
 * ends. {@link ExpireKillTest} kills it in between.
 */
public final class ExpireLoop {
  private ExpireLoop() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("chronicle.analytics.disable", "true");
    try (Store s = Store.open(Path.of(args[0]))) {
      ExpireRules rules = RuleFiles.loadFile(Path.of(args[1]), false);
      ExpireOptions o =
          new ExpireOptions(
              false,
              0,
              4,
              4,
              null,
              null,
              128,
              null,
              Author.of("test", "ExpireLoop"),
              Clock.systemUTC());
      System.out.println("STARTED");
      System.out.flush();
      long t0 = System.nanoTime();
      Expire.run(s, rules, o, ExpireListener.NONE);
      System.out.println("DONE " + (System.nanoTime() - t0) / 1_000_000);
      System.out.flush();
    }
  }
}
