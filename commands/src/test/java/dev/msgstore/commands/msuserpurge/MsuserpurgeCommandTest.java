package dev.msgstore.commands.msuserpurge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.StoreRun;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.ModifyDomainEntry;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.UserStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** msuserpurge (Table 71-30): -g, -d, -v, -r; one commit per user; bodies left to impurge. */
class MsuserpurgeCommandTest {
  static final String MESSAGE = "Subject: hi\r\n\r\nhello\r\n";

  @TempDir Path root;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  StoreRun ok(String stdin, String... args) {
    return StoreRun.ok(root, stdin, args);
  }

  /**
   * joe deleted 40 days ago, ann deleted now, bob@example.com in a domain deleted 40 days ago, kim
   * active.
   */
  @BeforeEach
  void store() {
    ok("", "domain", "create", "example.com");
    for (String u : List.of("joe", "ann", "bob@example.com", "kim")) {
      ok("", "user", "create", u);
      ok(MESSAGE + u, "deliver", u);
    }
    ok("", "mboxutil", "-c", "user/joe/Sent");
    ok("", "user", "status", "ann", "deleted");
    // The directory stamps a status change with its commit's time: commit 40 days back.
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofDays(-40));
    long fortyDaysAgo = TimeUnit.MILLISECONDS.toMicros(past.millis());
    Author admin = Author.of("tester", "test");
    try (Store s = Store.open(root, past)) {
      s.execute(
          admin, new ModifyUserEntry("joe", u -> u.withStatus(UserStatus.DELETED, fortyDaysAgo)));
      s.execute(
          admin,
          new ModifyDomainEntry(
              "example.com", d -> d.withStatus(DomainStatus.DELETED, fortyDaysAgo)));
    }
    try (Store s = Store.open(root);
        Directory d = Directories.open(s)) {
      joeSince = day(d.user("joe").orElseThrow().statusChangedMicros());
      domainSince = day(d.domain("example.com").orElseThrow().statusChangedMicros());
    }
  }

  String joeSince;
  String domainSince;

  static String day(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  boolean hasInbox(String user) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox("user/" + user + "/INBOX").isPresent();
    }
  }

  @Test
  void reportListsEveryUserAndPurgesNothing() {
    StoreRun r = ok("", "msuserpurge", "-r", "-g", "30");
    String[] lines = r.out().split("\n");
    assertEquals(4, lines.length, r.out());
    assertTrue(
        lines[0].matches("ann +deleted +1 mailboxes  in grace period \\(user deleted .*\\)"),
        lines[0]);
    assertEquals(
        String.format(
            "%-24s %-8s %3d mailboxes  %s",
            "bob@example.com",
            "active",
            1,
            "would be purged (domain example.com deleted " + domainSince + ")"),
        lines[1]);
    assertEquals(
        String.format(
            "%-24s %-8s %3d mailboxes  %s",
            "joe", "deleted", 2, "would be purged (user deleted " + joeSince + ")"),
        lines[2]);
    assertEquals(
        String.format("%-24s %-8s %3d mailboxes  %s", "kim", "active", 1, "kept"), lines[3]);
    assertTrue(hasInbox("joe") && hasInbox("bob@example.com"));
  }

  @Test
  void purgesThoseDeletedLongerThanTheGracePeriodOneCommitEach() {
    long before = lastIndex();
    StoreRun r = ok("", "msuserpurge", "-v", "-g", "30");
    assertEquals(
        "purged bob@example.com (domain example.com deleted "
            + domainSince
            + ", 1 mailboxes)\n"
            + "purged joe (user deleted "
            + joeSince
            + ", 2 mailboxes)\n"
            + "msuserpurge: 2 users purged, 3 mailboxes\n",
        r.out());
    assertFalse(hasInbox("joe"));
    assertFalse(hasInbox("bob@example.com"));
    assertTrue(hasInbox("ann") && hasInbox("kim"));
    List<Commit> commits = commitsAfter(before);
    assertEquals(2, commits.size(), "one commit per user");
    assertEquals(
        2, commits.get(1).events().stream().filter(e -> e instanceof MailboxEvent.Deleted).count());
    assertTrue(ok("", "user", "show", "joe").out().contains("removed"));
    assertEquals(
        "msuserpurge: 0 users purged, 0 mailboxes\n", ok("", "msuserpurge", "-g", "30").out());
    // the bodies are impurge's
    assertTrue(
        ok("", "impurge", "-e")
            .out()
            .startsWith("impurge: purged 0 messages in 0 mailboxes; reclaimed "));
  }

  @Test
  void aDomainAndNoGrace() {
    assertEquals(
        "msuserpurge: 1 users purged, 1 mailboxes\n",
        ok("", "msuserpurge", "-d", "example.com").out());
    assertTrue(hasInbox("joe"));
    assertEquals(
        "msuserpurge: 2 users purged, 3 mailboxes\n", ok("", "msuserpurge", "-g", "0").out());
    assertFalse(hasInbox("ann"));
    assertEquals(66, run("", "msuserpurge", "-d", "example.net").exit());
  }

  @Test
  void aDryRunPurgesNothing() {
    assertEquals(
        "msuserpurge: 2 users purged, 3 mailboxes\n",
        ok("", "--dry-run", "msuserpurge", "-g", "30").out());
    assertTrue(hasInbox("joe"));
    assertEquals(64, run("", "msuserpurge", "-v", "-r").exit());
  }

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  List<Commit> commitsAfter(long index) {
    List<Commit> out = new ArrayList<>();
    try (Store s = Store.open(root)) {
      s.journal().replay(index, out::add);
    }
    return out;
  }
}
