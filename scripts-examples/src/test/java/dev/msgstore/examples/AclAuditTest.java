package dev.msgstore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetAcl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * acl-audit.groovy: the ACL changes on shared folders in a month, read from the journal as {@code
 * JournalEntry} records.
 */
class AclAuditTest {
  static final YearMonth LAST_MONTH = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
  static final YearMonth THIS_MONTH = YearMonth.now(ZoneOffset.UTC);

  @TempDir Path dir;
  ExampleStore store;

  /**
   * Two months ago: the folders, and carol gives anyone l on shared/sales. Last month: alice gives
   * anyone lrs on shared/announcements (at its first instant), bob gives joe lrswi on shared/sales
   * and takes it back, joe gives ann lr on his own Projects (personal: not audited), alice gives
   * staff lr on shared/announcements (at its last second). This month: admin, with readership -s.
   */
  @BeforeEach
  void store() {
    store = new ExampleStore(dir);
    TestClock clock = new TestClock();
    store.withStore(
        clock,
        s -> {
          clock.now = at(LAST_MONTH.minusMonths(1), 20, "09:00:00");
          for (String m :
              List.of(
                  "shared/announcements", "shared/sales", "user/joe/INBOX", "user/joe/Projects")) {
            s.execute(ExampleStore.TESTER, new CreateMailbox(m, null));
          }
          s.execute(
              by("carol", "imap: SETACL shared/sales anyone l"),
              acl("shared/sales", "anyone", "l"));
          clock.now = at(LAST_MONTH, 1, "00:00:00");
          s.execute(
              by("alice", "imap: SETACL shared/announcements anyone lrs"),
              acl("shared/announcements", "anyone", "lrs"));
          clock.now = at(LAST_MONTH, 15, "10:05:00");
          s.execute(
              by("bob", "msgstore readership -s shared/sales joe isrlw"),
              acl("shared/sales", "joe", "isrlw"));
          s.execute(
              by("joe", "imap: SETACL Projects ann lr"), acl("user/joe/Projects", "ann", "lr"));
          clock.now = at(LAST_MONTH, 20, "16:30:00");
          s.execute(
              by("bob", "msgstore readership -s shared/sales joe ''"),
              acl("shared/sales", "joe", ""));
          clock.now = at(LAST_MONTH, LAST_MONTH.lengthOfMonth(), "23:59:59");
          s.execute(
              by("alice", "imap: SETACL shared/announcements staff lr"),
              acl("shared/announcements", "staff", "lr"));
        });
    store.verb("readership", "-s", "shared/announcements", "anyone", "lr").ok();
  }

  static Instant at(YearMonth month, int day, String time) {
    return month.atDay(day).atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
  }

  static Author by(String actor, String origin) {
    return Author.of(actor, origin);
  }

  static SetAcl acl(String mailbox, String identifier, String rights) {
    return new SetAcl(mailbox, identifier, rights);
  }

  List<String> lastMonthsReport() {
    String m = LAST_MONTH.toString();
    String last = m + "-" + LAST_MONTH.lengthOfMonth();
    return List.of(
        "ACL changes on shared folders in " + m + " (UTC): 4",
        "when                  who    mailbox               identifier  rights   how",
        m
            + "-01 00:00:00Z  alice  shared/announcements  anyone      lrs      "
            + "imap: SETACL shared/announcements anyone lrs",
        m
            + "-15 10:05:00Z  bob    shared/sales          joe         lrswi    "
            + "msgstore readership -s shared/sales joe isrlw",
        m
            + "-20 16:30:00Z  bob    shared/sales          joe         removed  "
            + "msgstore readership -s shared/sales joe ''",
        last
            + " 23:59:59Z  alice  shared/announcements  staff       lr       "
            + "imap: SETACL shared/announcements staff lr");
  }

  @Test
  void listsLastMonthsChangesOnSharedFoldersWithWhenWhoAndHow() {
    ExampleStore.Run r = store.script("acl-audit.groovy").ok();
    assertEquals(lastMonthsReport(), r.lines());

    ExampleStore.Run now = store.script("acl-audit.groovy", "--month", THIS_MONTH.toString()).ok();
    List<String> lines = now.lines();
    assertEquals("ACL changes on shared folders in " + THIS_MONTH + " (UTC): 1", lines.get(0));
    assertTrue(
        lines
            .get(2)
            .matches(
                THIS_MONTH
                    + "-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  admin  shared/announcements  anyone      lr"
                    + "      msgstore readership --store .* -s shared/announcements anyone lr"),
        lines.get(2));
  }

  @Test
  void anEarlierMonthAndAnEmptyOne() {
    ExampleStore.Run older =
        store.script("acl-audit.groovy", "--month", LAST_MONTH.minusMonths(1).toString()).ok();
    assertEquals(
        List.of(
            "ACL changes on shared folders in " + LAST_MONTH.minusMonths(1) + " (UTC): 1",
            "when                  who    mailbox       identifier  rights  how",
            LAST_MONTH.minusMonths(1)
                + "-20 09:00:00Z  carol  shared/sales  anyone      l       "
                + "imap: SETACL shared/sales anyone l"),
        older.lines());
    ExampleStore.Run none = store.script("acl-audit.groovy", "--month", "2001-01").ok();
    assertEquals(List.of("No ACL change on shared folders in 2001-01 (UTC)"), none.lines());
  }

  @Test
  void aBadMonthPrintsTheUsage() {
    for (List<String> args :
        List.of(
            List.of("--month"),
            List.of("--month", "2026-13"),
            List.of("--month", "11"),
            List.of("2026-11"),
            List.of("--month", "2026-11", "--all"))) {
      ExampleStore.Run r = store.script("acl-audit.groovy", args.toArray(String[]::new));
      assertEquals(64, r.exit(), args + ": " + r.err());
      assertEquals("", r.out());
      assertTrue(
          r.err().endsWith("usage: msgstore run acl-audit.groovy [--month YYYY-MM]\n"),
          args + ": " + r.err());
    }
  }

  /** A clock the test sets: each commit bears the time it shows. */
  static final class TestClock extends Clock {
    Instant now = Instant.EPOCH;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
