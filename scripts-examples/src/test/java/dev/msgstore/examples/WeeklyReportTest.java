package dev.msgstore.examples;

import static dev.msgstore.examples.ExampleStore.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.store.command.SetQuota;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weekly-report.groovy: the largest mailboxes and the users near quota (it changes nothing). */
class WeeklyReportTest {
  @TempDir static Path dir;
  static ExampleStore store;

  /**
   * joe: 3 x 1000 B in INBOX, 1 x 2000 B in Sent, limit 5200 B (96%); ann: 2 x 500 B, limit 2000 B
   * (50%); bob: 9 x 100 B, limit 10 messages (90%); carol: 1 x 1000 B, no quota; shared/news empty.
   */
  @BeforeAll
  static void store() {
    store = new ExampleStore(dir);
    store.create("user/joe/INBOX", "user/joe/Sent", "user/carol/INBOX", "shared/news");
    for (int i = 1; i <= 3; i++) {
      store.deliver(message("joe " + i, "joe." + i + "@test", 1000), "joe");
    }
    store.deliver(message("sent", "joe.sent@test", 2000), "-m", "Sent", "joe");
    store.deliver(message("ann 1", "ann.1@test", 500), "ann");
    store.deliver(message("ann 2", "ann.2@test", 500), "ann");
    for (int i = 1; i <= 9; i++) {
      store.deliver(message("bob " + i, "bob." + i + "@test", 100), "bob");
    }
    store.deliver(message("carol", "carol.1@test", 1000), "carol");
    store.execute(
        new SetQuota("joe", 5200, QuotaEvent.UNLIMITED),
        new SetQuota("ann", 2000, QuotaEvent.UNLIMITED),
        new SetQuota("bob", QuotaEvent.UNLIMITED, 10));
  }

  @Test
  void listsTheLargestMailboxesAndTheUsersNearQuota() {
    ExampleStore.Run r = store.script("weekly-report.groovy", "--top", "4", "--near", "90").ok();
    assertEquals(
        List.of(
            "Message store " + store.root,
            "6 mailboxes, 4 users, 16 messages, 7.7 KB",
            "",
            "Largest mailboxes (4 of 6, by size)",
            "        size messages  partition    mailbox",
            "      2.9 KB        3  primary      user/joe/INBOX",
            "      2.0 KB        1  primary      user/joe/Sent",
            "      1000 B        2  primary      user/ann/INBOX",
            "      1000 B        1  primary      user/carol/INBOX",
            "",
            "Users near quota (at 90% or more of a limit: 2 of 3)",
            "  user  storage                      messages",
            "  joe   4.9 KB of 5.1 KB (96%)       4 (no limit)",
            "  bob   900 B (no limit)             9 of 10 (90%)"),
        r.lines());
    assertEquals("", r.err());
  }

  @Test
  void theDefaultsListTenMailboxesAndTheUsersAtNinetyPercent() {
    List<String> lines = store.script("weekly-report.groovy").ok().lines();
    assertTrue(lines.contains("Largest mailboxes (5 of 6, by size)"), String.join("\n", lines));
    assertTrue(
        lines.contains("       900 B        9  primary      user/bob/INBOX"), lines.toString());
    assertTrue(
        lines.contains("Users near quota (at 90% or more of a limit: 2 of 3)"), lines.toString());
  }

  @Test
  void aHigherThresholdListsFewerUsersAndSaysWhenNoneIs() {
    List<String> lines = store.script("weekly-report.groovy", "--near", "91").ok().lines();
    assertEquals(
        List.of(
            "Users near quota (at 91% or more of a limit: 1 of 3)",
            "  user  storage                      messages",
            "  joe   4.9 KB of 5.1 KB (96%)       4 (no limit)"),
        lines.subList(lines.size() - 3, lines.size()));
    List<String> none = store.script("weekly-report.groovy", "--near", "97").ok().lines();
    assertEquals(
        "Users near quota: none of 3 with a limit is at 97% or more", none.get(none.size() - 1));
  }

  @Test
  void badArgumentsPrintTheUsage() {
    for (List<String> args :
        List.of(
            List.of("--top", "0"),
            List.of("--top"),
            List.of("--near", "abc"),
            List.of("--near", "101"),
            List.of("--verbose"))) {
      ExampleStore.Run r = store.script("weekly-report.groovy", args.toArray(String[]::new));
      assertEquals(64, r.exit(), args + ": " + r.err());
      assertEquals("", r.out(), args.toString());
      assertTrue(
          r.err().endsWith("usage: msgstore run weekly-report.groovy [--top N] [--near PERCENT]\n"),
          args + ": " + r.err());
    }
  }
}
