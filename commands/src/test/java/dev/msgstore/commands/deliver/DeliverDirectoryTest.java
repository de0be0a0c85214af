package dev.msgstore.commands.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.StoreRun;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery under the directory's rules: user and domain statuses, first INBOX, quota. */
class DeliverDirectoryTest {
  static final String MESSAGE = "From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n";

  @TempDir Path root;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  void ok(String... args) {
    StoreRun.ok(root, "", args);
  }

  StoreRun deliver(String... users) {
    List<String> args = new ArrayList<>(List.of("deliver"));
    args.addAll(List.of(users));
    return run(MESSAGE, args.toArray(String[]::new));
  }

  Optional<MailboxRecord> mailbox(String name) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(name);
    }
  }

  @BeforeEach
  void directory() {
    ok(
        "configutil",
        "-o",
        "store.partition.two.path",
        "-v",
        root.resolve("partition/two").toString());
    ok("domain", "create", "example.org", "--partition", "two");
    ok("user", "create", "kim@example.org", "--mail", "kim.lee@example.org");
    ok("user", "create", "joe", "--partition", "primary");
  }

  @Test
  void aDirectoryUserGetsTheirInboxAtFirstDeliveryOnTheirPartition() {
    assertTrue(mailbox("user/kim@example.org/INBOX").isEmpty(), "no INBOX before mail comes");
    assertTrue(mailbox("user/joe/INBOX").isEmpty());
    StoreRun r = deliver("kim@example.org", "joe");
    assertEquals(new StoreRun(0, "", ""), r);
    assertEquals("two", mailbox("user/kim@example.org/INBOX").orElseThrow().partition());
    assertEquals("primary", mailbox("user/joe/INBOX").orElseThrow().partition());
  }

  @Test
  void aDomainWhoseStatusSaysSoRefusesMailForNowOrForGood() {
    ok("domain", "modify", "example.org", "--status", "inactive");
    StoreRun r = deliver("kim@example.org", "eve@Example.ORG", "joe");
    assertEquals(75, r.exit());
    assertEquals(
        "deliver: kim@example.org: the domain example.org's status is inactive: mail is not"
            + " delivered for now\n"
            + "deliver: eve@Example.ORG: the domain example.org's status is inactive: mail is not"
            + " delivered for now\n",
        r.err());
    assertTrue(mailbox("user/joe/INBOX").isPresent(), "others still get theirs");
    assertTrue(mailbox("user/kim@example.org/INBOX").isEmpty());

    ok("domain", "modify", "example.org", "--status", "overquota");
    assertEquals(75, deliver("kim@example.org").exit());
    ok("domain", "modify", "example.org", "--status", "deleted");
    StoreRun gone = deliver("kim@example.org");
    assertEquals(
        new StoreRun(
            67, "", "deliver: kim@example.org: the domain example.org's status is deleted\n"),
        gone);
    ok("domain", "modify", "example.org", "--status", "active");
    assertEquals(0, deliver("kim@example.org").exit());
  }

  @Test
  void theDirectorysUserStatusDecides() {
    ok("user", "status", "kim@example.org", "hold");
    assertEquals(
        new StoreRun(
            75,
            "",
            "deliver: kim@example.org: the user's status is hold: mail is not delivered for now\n"),
        deliver("kim@example.org"));
    ok("user", "status", "kim@example.org", "removed");
    assertEquals(
        new StoreRun(67, "", "deliver: kim@example.org: the user's status is removed\n"),
        deliver("kim@example.org"));
    assertTrue(mailbox("user/kim@example.org/INBOX").isEmpty());
  }

  @Test
  void theQuotaIsTheDirectorys() {
    ok("user", "modify", "joe", "--quota", "40");
    StoreRun r = deliver("joe");
    assertEquals(75, r.exit());
    assertEquals(
        "deliver: joe: over quota: joe uses 0 of 40 bytes and 0 of -1 messages\n", r.err());
    ok("user", "modify", "joe", "--quota", "1K");
    assertEquals(0, deliver("joe").exit());
  }
}
