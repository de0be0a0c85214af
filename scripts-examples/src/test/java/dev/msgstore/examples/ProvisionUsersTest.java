package dev.msgstore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.model.MailboxRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** provision-users.groovy: users and folders from a CSV file. */
class ProvisionUsersTest {
  @TempDir Path dir;
  ExampleStore store;

  @BeforeEach
  void store() {
    store = new ExampleStore(dir);
    store.declarePartition("fast");
    store.create("user/ann@example.com/INBOX");
  }

  Path csv(String text) throws IOException {
    return Files.writeString(dir.resolve("users.csv"), text);
  }

  List<String> names(String user) {
    return store.mailboxes("user/" + user + "/").stream().map(MailboxRecord::name).toList();
  }

  @Test
  void createsNewUsersWithTheirFoldersAndSkipsThoseThatExist() throws IOException {
    Path file =
        csv(
            """
            # new starters, November
            user,folders,partition
            joe@example.com,Sent;Drafts;Archive/2026,
            ann@example.com,Sent,

            bob@example.com,"Sent;INBOX;Projects, old",fast
            """);

    ExampleStore.Run r = store.script("provision-users.groovy", file.toString()).ok();

    assertEquals(
        List.of(
            "created joe@example.com (partition primary): INBOX, Sent, Drafts, Archive/2026",
            "skipped ann@example.com: already exists (partition primary)",
            "created bob@example.com (partition fast): INBOX, Sent, Projects, old",
            "3 user(s) in users.csv: 2 created, 1 skipped (already existed),"
                + " 7 mailbox(es) created"),
        r.lines());
    assertEquals("", r.err());
    assertEquals(
        List.of(
            "user/joe@example.com/Archive/2026",
            "user/joe@example.com/Drafts",
            "user/joe@example.com/INBOX",
            "user/joe@example.com/Sent"),
        names("joe@example.com"));
    assertEquals(
        List.of(
            "user/bob@example.com/INBOX",
            "user/bob@example.com/Projects, old",
            "user/bob@example.com/Sent"),
        names("bob@example.com"));
    assertEquals(List.of("user/ann@example.com/INBOX"), names("ann@example.com"));
    assertEquals("primary", store.user("joe@example.com").partition());
    assertEquals("fast", store.user("bob@example.com").partition());
    assertTrue(
        store.mailboxes("user/bob@example.com/").stream()
            .allMatch(m -> m.partition().equals("fast")));
    assertTrue(
        store.mailboxes("user/joe@example.com/").stream()
            .allMatch(m -> m.partition().equals("primary")));
  }

  @Test
  void aDryRunReportsTheWholeProvisioningAndCreatesNothing() throws IOException {
    Path file = csv("user,folders\nzoe@example.com,Sent;Drafts\n");
    String journalBefore = store.verb("journal").ok().out();
    ExampleStore.Run r = store.dryRun("provision-users.groovy", file.toString()).ok();
    assertTrue(r.out().contains("created zoe@example.com"), r.out());
    List<String> report = r.err().lines().toList();
    assertEquals(4, report.size(), r.err());
    assertTrue(report.get(0).startsWith("dry run, would commit: directory.user-created"), r.err());
    assertEquals("dry run: 3 commit(s) would have been made; nothing was written", report.get(3));
    assertEquals(journalBefore, store.verb("journal").ok().out(), "nothing was written");
  }

  @Test
  void eachNewUsersInboxIsCreatedFirstByTheScript() throws IOException {
    Path file = csv("user,folders\njoe@example.com,Sent;Drafts\n");
    store.script("provision-users.groovy", file.toString()).ok();

    List<String> created =
        store
            .verb(
                "journal",
                "--actor",
                "provision-users.groovy",
                "--user",
                "joe@example.com",
                "--type",
                "mailbox.created")
            .ok()
            .lines();
    assertEquals(3, created.size(), String.join("\n", created));
    assertTrue(created.get(0).contains("name=user/joe@example.com/INBOX "), created.get(0));
    assertTrue(
        created.get(0).contains("(by admin), line "), "the script's line names it: " + created);
  }

  @Test
  void aFileWithAnyBadLineCreatesNothingAndSaysWhichLines() throws IOException {
    Path file =
        csv(
            """
            user,folders,partition
            joe@example.com,Sent,
            bob@example.com,Sent,archive
            bad/user,,
            joe@example.com,Drafts,
            eve@example.com,Sent,fast,extra
            """);
    int before = store.mailboxes("").size();

    ExampleStore.Run r = store.script("provision-users.groovy", file.toString());

    assertEquals(65, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals(
        List.of(
            "provision-users: users.csv, line 3: bob@example.com: no such partition: archive",
            "provision-users: users.csv, line 4: not a valid user id: 'bad/user'",
            "provision-users: users.csv, line 5: joe@example.com is listed twice",
            "provision-users: users.csv, line 6: 4 fields, the header names 3",
            "provision-users: nothing was created (4 problem(s))"),
        r.err().lines().toList());
    assertEquals(before, store.mailboxes("").size());
    assertNull(store.user("joe@example.com"));
  }

  @Test
  void aFileWithoutItsHeaderLineIsRefused() throws IOException {
    Path file = csv("joe@example.com,Sent\n");
    ExampleStore.Run r = store.script("provision-users.groovy", file.toString());
    assertEquals(65, r.exit());
    assertTrue(
        r.err()
            .startsWith(
                "provision-users: users.csv, line 1: the first line must name the columns"
                    + " (user, folders, partition), not joe@example.com, sent"),
        r.err());
    assertNull(store.user("joe@example.com"));
  }

  @Test
  void withoutItsFileItPrintsItsUsage() {
    ExampleStore.Run r = store.script("provision-users.groovy");
    assertEquals(64, r.exit());
    assertTrue(r.err().startsWith("usage: msgstore run provision-users.groovy users.csv"), r.err());
    ExampleStore.Run missing =
        store.script("provision-users.groovy", dir.resolve("no.csv").toString());
    assertEquals(66, missing.exit());
    assertEquals("provision-users: cannot read " + dir.resolve("no.csv") + "\n", missing.err());
  }
}
