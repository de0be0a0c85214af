package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.CreateMailboxes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's first mailbox, whichever command makes it, brings the user's INBOX with it. */
class FirstMailboxTest {
  @TempDir Path root;

  @Test
  void aFirstFolderCreatesTheUserAndTheirInboxBeforeIt() {
    try (Store s = Store.open(root)) {
      Outcome o = s.execute(StoreTest.ADMIN, new CreateMailbox("user/newguy/Projects", null));
      assertEquals(
          List.of(
              "UserCreated newguy", "Created user/newguy/INBOX", "Created user/newguy/Projects"),
          describe(o.events()));
      assertEquals(List.of("user/newguy/INBOX", "user/newguy/Projects"), names(s, "user/newguy/"));
      // A second folder of a user who now has an INBOX brings nothing more.
      Outcome second = s.execute(StoreTest.ADMIN, new CreateMailbox("user/newguy/Sent", null));
      assertEquals(List.of("Created user/newguy/Sent"), describe(second.events()));
    }
  }

  @Test
  void aListNamingTheInboxAfterAFolderCreatesItOnce() {
    try (Store s = Store.open(root)) {
      Outcome o =
          s.execute(
              StoreTest.ADMIN,
              new CreateMailboxes(
                  List.of("user/ann/work", "user/ann/inbox", "user/ann/work/2026", "user/bo/x"),
                  null));
      assertEquals(
          List.of(
              "UserCreated ann",
              "Created user/ann/INBOX",
              "Created user/ann/work",
              "Created user/ann/work/2026",
              "UserCreated bo",
              "Created user/bo/INBOX",
              "Created user/bo/x"),
          describe(o.events()));
    }
  }

  @Test
  void anAppendThatCreatesItsMailboxCreatesTheInboxToo() throws IOException {
    try (Store s = Store.open(root)) {
      s.append(
          StoreTest.ADMIN,
          "user/newguy/Projects",
          StoreTest.message("a@x", "hello\r\n"),
          AppendOptions.DEFAULT.creating());
      assertEquals(List.of("user/newguy/INBOX", "user/newguy/Projects"), names(s, "user/newguy/"));
      try (ProjectionReader r = s.read()) {
        assertEquals(0, r.mailbox("user/newguy/INBOX").orElseThrow().messages());
        assertEquals(1, r.mailbox("user/newguy/Projects").orElseThrow().messages());
      }
    }
  }

  private static List<String> names(Store s, String prefix) {
    try (ProjectionReader r = s.read()) {
      return r.mailboxes(prefix).stream().map(MailboxRecord::name).toList();
    }
  }

  private static List<String> describe(List<Event> events) {
    return events.stream()
        .map(
            e ->
                switch (e) {
                  case DirectoryEvent.UserCreated u -> "UserCreated " + u.userId();
                  case MailboxEvent.Created c -> "Created " + c.name();
                  default -> e.getClass().getSimpleName();
                })
        .toList();
  }
}
