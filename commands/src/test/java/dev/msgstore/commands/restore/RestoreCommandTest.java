package dev.msgstore.commands.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.command.SetAcl;
import dev.msgstore.store.command.StoreFlags;
import dev.msgstore.store.command.Subscribe;
import dev.msgstore.store.purge.Purger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code msgstore restore}: a history made under a fixed clock on the 20th (folders, messages, an
 * ACL, a subscription) and changed on the 22nd (folders deleted, a message expunged and purged,
 * flags set), restored to noon of the 20th.
 */
class RestoreCommandTest {
  static final Author ADMIN = Author.of("admin", "RestoreCommandTest");
  static final String BEFORE = "2026-11-20T12:00:00Z";

  record Run(int exit, String out, String err) {}

  @TempDir Path root;

  @BeforeEach
  void history() throws IOException {
    try (Store s = Store.open(root, at("2026-11-20T10:00:00Z"))) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      s.execute(ADMIN, new CreateMailbox("user/joe/Projects", null));
      s.execute(ADMIN, new CreateMailbox("user/joe/Projects/a", null));
      append(s, "user/joe/INBOX", "in1", 100);
      append(s, "user/joe/INBOX", "in2", 150);
      append(s, "user/joe/Projects", "p1", 200);
      append(s, "user/joe/Projects", "p2", 300);
      append(s, "user/joe/Projects/a", "a1", 400);
      s.execute(ADMIN, new SetAcl("user/joe/Projects", "ann", "lrs"));
      s.execute(ADMIN, new Subscribe("joe", "user/joe/Projects", true));
      s.execute(ADMIN, new Subscribe("ann", "user/joe/Projects", true));
    }
    try (Store s = Store.open(root, at("2026-11-22T10:00:00Z"))) {
      s.execute(ADMIN, new DeleteMailbox("user/joe/Projects/a"));
      s.execute(ADMIN, new DeleteMailbox("user/joe/Projects"));
      s.execute(ADMIN, new Subscribe("joe", "user/joe/Projects", false));
      s.execute(
          ADMIN,
          new StoreFlags(
              "user/joe/INBOX",
              List.of(1L),
              StoreFlags.Mode.ADD,
              Set.of(SystemFlag.SEEN),
              List.of()));
      s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(2L)));
      append(s, "user/joe/INBOX", "in3", 120);
    }
  }

  static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  static void append(Store s, String mailbox, String id, int size) throws IOException {
    StringBuilder sb = new StringBuilder("Message-ID: <" + id + "@example.com>\r\n\r\n");
    while (sb.length() < size) {
      sb.append('x');
    }
    s.append(
        ADMIN,
        mailbox,
        new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)),
        AppendOptions.DEFAULT);
  }

  Run restore(String... args) {
    List<String> all = new ArrayList<>(List.of("restore", "--store", root.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out), new PrintWriter(err), Map.of("TZ", "UTC"), "tester", all);
    int code = Main.run(ctx, all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  @Test
  void restoringToNowChangesNothing() {
    long before = lastIndex();
    Run r = restore("--at", Instant.now().toString(), "user/joe");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().endsWith("restore: 0 mailboxes changed, 1 unchanged, 0 messages lost\n"), r.out());
    assertEquals(before, lastIndex(), "no commit written");
    Run dry = restore("--dry-run", "--at", Instant.now().toString(), "user/joe");
    assertEquals(0, dry.exit(), dry.err());
    assertEquals("", dry.err(), "a dry run reports no commit for a mailbox that does not change");
  }

  @Test
  void aDryRunPrintsTheDifferenceAndChangesNothing() {
    long before = lastIndex();
    Run r = restore("--dry-run", "--at", BEFORE, "user/joe");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("user/joe/Projects: comes back as a new mailbox"), r.out());
    assertTrue(r.out().contains("user/joe/Projects/a: comes back as a new mailbox"), r.out());
    assertTrue(
        r.out()
            .contains("user/joe/INBOX: 1 message back, 1 expunged, 1 message's flags set back\n"),
        r.out());
    assertTrue(
        r.out()
            .endsWith(
                "restore: dry run, nothing written: 3 mailboxes would change, 0 unchanged, 0 messages lost\n"),
        r.out());
    assertTrue(r.err().contains("dry run, would commit: "), r.err());
    assertEquals(before, lastIndex(), "no commit written");
  }

  @Test
  void aDeletedFolderComesBackWithItsMessagesAclAndSubscriptions() throws IOException {
    long uidValidityBefore;
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      uidValidityBefore = r.mailbox("user/joe/INBOX").orElseThrow().uidValidity();
    }
    Run run = restore("--at", BEFORE, "user/joe/Projects");
    assertEquals(0, run.exit(), run.err());
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MailboxRecord p = r.mailbox("user/joe/Projects").orElseThrow();
      assertEquals(
          List.of("<p1@example.com>", "<p2@example.com>"),
          r.messages(p.id()).stream().map(MessageRecord::messageId).toList());
      assertEquals(List.of(1L, 2L), r.messages(p.id()).stream().map(MessageRecord::uid).toList());
      assertEquals(3, p.uidNext());
      assertEquals(List.of(new AclEntry(p.id(), "ann", "lrs")), r.acl(p.id()));
      assertTrue(r.isSubscribed("joe", "user/joe/Projects"));
      assertTrue(r.isSubscribed("ann", "user/joe/Projects"));
      MailboxRecord a = r.mailbox("user/joe/Projects/a").orElseThrow();
      assertEquals(1, r.messages(a.id()).size());
      // the INBOX is not under Projects: untouched
      MailboxRecord inbox = r.mailbox("user/joe/INBOX").orElseThrow();
      assertEquals(uidValidityBefore, inbox.uidValidity());
      assertEquals(2, r.messages(inbox.id()).size());
    }
    Run journal = runJournal("--mailbox", "user/joe/Projects*");
    assertTrue(
        journal.out().contains("[restore of user/joe/Projects as at 2026-11-20T12:00:00Z]"),
        journal.out());
    assertTrue(
        journal.out().contains("[restore of user/joe/Projects/a as at 2026-11-20T12:00:00Z]"),
        journal.out());
  }

  Run runJournal(String... args) {
    List<String> all = new ArrayList<>(List.of("journal", "--store", root.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out), new PrintWriter(err), Map.of("TZ", "UTC"), "tester", all);
    int code = Main.run(ctx, all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void intoPutsTheTreeBesideTheOriginals() {
    Run run = restore("--at", BEFORE, "--into", "Restored", "user/joe");
    assertEquals(0, run.exit(), run.err());
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MailboxRecord inbox = r.mailbox("user/joe/Restored/INBOX").orElseThrow();
      List<MessageRecord> m = r.messages(inbox.id());
      assertEquals(
          List.of("<in1@example.com>", "<in2@example.com>"),
          m.stream().map(MessageRecord::messageId).toList());
      assertEquals(Set.of(), m.get(0).flags(), "the flags of then");
      assertTrue(r.mailbox("user/joe/Restored/Projects/a").isPresent());
      assertTrue(r.isSubscribed("joe", "user/joe/Restored/Projects"));
      // the originals as they were
      assertFalse(r.mailbox("user/joe/Projects").isPresent());
      assertEquals(2, r.messages(r.mailbox("user/joe/INBOX").orElseThrow().id()).size());
    }
  }

  @Test
  void aPurgedBodyIsListedAndTheRestComesBack() throws IOException {
    try (Store s = Store.open(root, at("2026-11-23T10:00:00Z"))) {
      new Purger(s, ADMIN, at("2026-12-30T10:00:00Z"), line -> {}).pass();
    }
    // the deleted folders' bodies were reclaimed too: only the INBOX is restored here
    Run run = restore("--at", BEFORE, "user/joe/INBOX");
    assertEquals(0, run.exit(), run.err());
    assertTrue(
        run.out()
            .contains(
                "lost: user/joe/INBOX UID 2 <in2@example.com> 150 bytes: its body is no longer"
                    + " stored\n"),
        run.out());
    assertTrue(run.out().contains(" 1 message lost\n"), run.out());
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MailboxRecord inbox = r.mailbox("user/joe/INBOX").orElseThrow();
      assertEquals(
          List.of("<in1@example.com>"),
          r.messages(inbox.id()).stream().map(MessageRecord::messageId).toList(),
          "in3 came later: expunged; in2 cannot come back");
      assertEquals(Set.of(), r.messages(inbox.id()).get(0).flags());
    }
  }

  @Test
  void badInputIsOneLineAndChangesNothing() {
    long before = lastIndex();
    Run r = restore("--at", "yesterday", "user/joe");
    assertEquals(64, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    Run none = restore("--at", BEFORE, "user/nobody");
    assertEquals(1, none.err().lines().count(), none.err());
    assertTrue(none.err().contains("no mailbox matches user/nobody at " + BEFORE), none.err());
    assertEquals(66, none.exit());
    Run into = restore("--at", BEFORE, "--into", "a//b", "user/joe");
    assertEquals(65, into.exit());
    assertEquals(1, into.err().lines().count(), into.err());
    Run future = restore("--at", "2999-01-01T00:00:00Z", "user/joe");
    assertEquals(64, future.exit(), future.err());
    assertEquals(before, lastIndex());
  }
}
