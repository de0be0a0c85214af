package dev.msgstore.commands.undelete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.StoreRun;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.Expunge;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** undelete through the command line: its listing, restoring, a dry run, and bad input. */
class UndeleteCommandTest {
  static final Author ADMIN = Author.of("admin", "UndeleteCommandTest");
  static final long NOV_1 = Instant.parse("2026-11-01T09:00:00Z").toEpochMilli();
  static final long NOV_20 = Instant.parse("2026-11-20T17:30:00Z").toEpochMilli();

  @TempDir Path root;

  StoreRun run(String... args) {
    return StoreRun.run(root, "", args);
  }

  static String message(String from, String subject, String id) {
    return "From: "
        + from
        + "\r\nTo: joe@x.example\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + id
        + ">\r\n\r\nhello\r\n";
  }

  long append(Store s, String folder, String text, long date) throws Exception {
    return s.append(
            ADMIN,
            "user/joe/" + folder,
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            new AppendOptions(Set.of(SystemFlag.DELETED), List.of(), date, true, false))
        .eventsOf(MessageEvent.Appended.class)
        .get(0)
        .uid();
  }

  /** INBOX: a1 from Alice (expunged), b1 from Bob (expunged); Work (deleted): a2 from Alice. */
  @BeforeEach
  void store() throws Exception {
    try (Store s = Store.open(root)) {
      long a1 = append(s, "INBOX", message("Alice <alice@a.example>", "Report", "a1@a"), NOV_1);
      long b1 = append(s, "INBOX", message("bob@b.example", "Lunch", "b1@b"), NOV_1);
      append(s, "INBOX", message("alice@a.example", "Still here", "a3@a"), NOV_1);
      append(s, "Work", message("alice@a.example", "Plan", "a2@a"), NOV_20);
      s.execute(ADMIN, new Expunge("user/joe/INBOX", List.of(a1, b1)));
      s.execute(ADMIN, new DeleteMailbox("user/joe/Work"));
    }
  }

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  List<String> folder(String name) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(name)
          .map(m -> r.messages(m.id()).stream().map(MessageRecord::messageId).toList())
          .orElse(List.of());
    }
  }

  static final String A1 = "INBOX 1 2026-11-01T09:00:00Z 96 from=\"Alice <alice@a.example>\"";
  static final String A2 = "Work (deleted) 1 2026-11-20T17:30:00Z 86 from=\"alice@a.example\"";

  @Test
  void listsWhatMatches() {
    long before = lastIndex();
    StoreRun r = run("undelete", "user/joe", "--from", "ALICE", "--list");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        A1
            + " subject=\"Report\": listed\n"
            + A2
            + " subject=\"Plan\": listed\n"
            + "undelete: 2 found, 0 not restorable\n",
        r.out());
    assertEquals(before, lastIndex(), "a listing writes nothing");
  }

  @Test
  void restoresIntoTheFoldersTheyLeft() {
    StoreRun r = run("undelete", "user/joe", "--from", "alice");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        A1
            + " subject=\"Report\": restored to INBOX as UID 4\n"
            + A2
            + " subject=\"Plan\": restored to Work as UID 1\n"
            + "undelete: 2 found, 2 restored, 0 not restorable\n",
        r.out());
    assertEquals(List.of("<a3@a>", "<a1@a>"), folder("user/joe/INBOX"));
    assertEquals(List.of("<a2@a>"), folder("user/joe/Work"));
    StoreRun again = run("undelete", "user/joe", "--from", "alice");
    assertEquals("undelete: 0 found, 0 restored, 0 not restorable\n", again.out());
  }

  @Test
  void restoresIntoOneFolderByMessageIdAndDate() {
    StoreRun r =
        run(
            "undelete",
            "user/joe",
            "--message-id",
            "<b1@b>",
            "--before",
            "2026-11-02",
            "--into",
            "Back");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .endsWith(
                "restored to Back as UID 1\nundelete: 1 found, 1 restored, 0 not restorable\n"),
        r.out());
    assertEquals(List.of("<b1@b>"), folder("user/joe/Back"));
  }

  @Test
  void aDryRunSaysWhatItWouldDoAndWritesNothing() {
    long before = lastIndex();
    StoreRun r = run("--dry-run", "undelete", "user/joe", "--folder", "Work");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        A2
            + " subject=\"Plan\": would be restored\n"
            + "undelete: 1 found, 1 would be restored, 0 not restorable\n",
        r.out());
    assertTrue(r.err().startsWith("dry run, would commit: "), r.err());
    assertEquals(before, lastIndex());
    assertEquals(List.of(), folder("user/joe/Work"));
  }

  @Test
  void jsonHasTheResultsFields() {
    StoreRun r = run("undelete", "user/joe", "--subject", "lunch", "--list", "--format", "json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"folder\":\"INBOX\""), r.out());
    assertTrue(r.out().contains("\"messageId\":\"<b1@b>\""), r.out());
    assertTrue(r.out().contains("\"status\":\"listed\""), r.out());
  }

  @Test
  void badInputIsOneLineAndChangesNothing() {
    long before = lastIndex();
    String[][] bad = {
      {"undelete", "joe"},
      {"undelete", "user/joe/INBOX"},
      {"undelete", "user/joe", "--since", "yesterday"},
      {"undelete", "user/joe", "--larger", "-1"},
      {"undelete", "user/joe", "--larger", "many"},
      {"undelete", "user/joe", "--since", "2026-11-02", "--before", "2026-11-01"},
      {"undelete", "user/joe", "--deleted-since", "2026-11-02", "--deleted-before", "2026-11-02"},
      {"undelete", "user/joe", "--into", ""},
      {"undelete", "user/joe", "--into", "a*b"},
      {"undelete", "user/joe", "--into", "Back", "--list"},
      {"undelete", "user/joe", "--folder", ""},
      {"undelete"},
    };
    for (String[] args : bad) {
      StoreRun r = run(args);
      assertEquals(64, r.exit(), List.of(args) + ": " + r.err());
      assertEquals(1, r.err().lines().count(), List.of(args) + ": " + r.err());
      assertEquals("", r.out(), List.of(args).toString());
    }
    StoreRun nobody = run("undelete", "user/nobody");
    assertEquals(67, nobody.exit(), nobody.err());
    assertEquals("undelete: unknown user nobody\n", nobody.err());
    assertEquals(before, lastIndex(), "nothing written");
    assertEquals(List.of("<a3@a>"), folder("user/joe/INBOX"));
  }
}
