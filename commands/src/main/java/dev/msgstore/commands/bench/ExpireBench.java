package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.store.Store;
import dev.msgstore.store.expire.Expire;
import dev.msgstore.store.expire.ExpireListener;
import dev.msgstore.store.expire.ExpireOptions;
import dev.msgstore.store.expire.ExpireReport;
import dev.msgstore.store.expire.ExpireRules;
import dev.msgstore.store.expire.RuleParser;
import dev.msgstore.store.expire.RuleScope;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * imexpire over a store of delivered messages (real bodies): messages examined per second and CPU
 * per message for rules that read only the index, the header of each message, and its body (Sieve),
 * as trial runs; then a run that discards half of each mailbox as one commit each.
 */
final class ExpireBench {
  private ExpireBench() {}

  static void run(PrintWriter out, Path d, int messages, int users) throws Exception {
    out.printf("imexpire (%,d delivered messages, %,d users, 4 threads)%n", messages, users);
    try (Store s = Store.open(d)) {
      DeliveryBench.provision(s, users);
      DeliveryBench.run(s, users, 8, messages, 77);
      figure(
          out,
          s,
          "index only (messagedays, trial)",
          "A.folderpattern: *\nA.messagedays: 36500\n",
          true);
      figure(
          out,
          s,
          "header (messageheader.subject, trial)",
          "A.folderpattern: *\nA.messageheader.subject: *7\n",
          true);
      figure(
          out,
          s,
          "body (sieve body :contains, trial)",
          "A.folderpattern: *\nA.sieve: require \"body\"; body :contains \"zqxj\";\n",
          true);
      long perMailbox = Math.max(1, messages / users / 2);
      figure(
          out,
          s,
          "discard half (messagecount, committed)",
          "A.folderpattern: *\nA.messagecount: " + perMailbox + "\n",
          false);
    }
    out.flush();
  }

  private static void figure(PrintWriter out, Store s, String label, String rules, boolean trial) {
    ExpireRules r = new ExpireRules(RuleParser.parseFile("bench", rules, RuleScope.STORE, false));
    ExpireOptions o =
        new ExpireOptions(
            trial,
            0,
            4,
            4,
            null,
            null,
            128,
            null,
            Author.of("bench", "msgstore bench"),
            Clock.systemUTC());
    long cpu0 = cpuNanos();
    ExpireReport rep = Expire.run(s, r, o, ExpireListener.NONE);
    long cpu = cpuNanos() - cpu0;
    out.printf(
        "  %-40s %,d examined in %.2f s = %,.0f messages/s, CPU %.1f µs a message; %,d expired, %,d commits%n",
        label + ":",
        rep.examined(),
        rep.elapsedNanos() / 1e9,
        rep.examinedPerSecond(),
        cpu / 1e3 / Math.max(1, rep.examined()),
        rep.expired(),
        rep.commits());
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
