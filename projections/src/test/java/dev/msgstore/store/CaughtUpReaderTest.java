package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.command.CreateMailbox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that only reads, on projections that cover the whole journal, does not open the journal
 * (Chronicle's start-up is a third of a short verb's); and it still sees every commit another
 * process wrote, before it opened the store or while it has it open.
 */
class CaughtUpReaderTest {
  static final Author ADMIN = Author.of("admin", "CaughtUpReaderTest");

  @TempDir Path root;

  private static boolean sees(Store s, String mailbox) {
    try (ProjectionReader r = s.read()) {
      return r.mailbox(mailbox).isPresent();
    }
  }

  /** Another process's commit: written to the journal alone, no projection applies it. */
  private void commitElsewhere(long id, String mailbox) {
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      j.append(ADMIN, List.of(new MailboxEvent.Created(id, mailbox, "primary", 1_795_860_000L)));
    }
  }

  private void storeWithJoe() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
    }
  }

  @Test
  void aReaderOfCaughtUpProjectionsOpensNoJournal() {
    storeWithJoe();
    try (Store s = Store.open(root)) {
      assertTrue(sees(s, "user/joe/INBOX"));
      assertFalse(s.journalOpened());
    }
  }

  @Test
  void aCommitWrittenAfterTheProjectionsWereStampedIsSeen() {
    storeWithJoe();
    commitElsewhere(100, "user/ann/INBOX");
    try (Store s = Store.open(root)) {
      assertTrue(sees(s, "user/ann/INBOX"));
      assertTrue(s.journalOpened());
    }
    // that reader caught up and said where the journal ends now: the next needs no journal
    try (Store s = Store.open(root)) {
      assertTrue(sees(s, "user/ann/INBOX"));
      assertFalse(s.journalOpened());
    }
  }

  @Test
  void aCommitWrittenWhileTheReaderHasTheStoreOpenIsSeenAtItsNextRead() {
    storeWithJoe();
    try (Store s = Store.open(root)) {
      assertTrue(sees(s, "user/joe/INBOX"));
      assertFalse(sees(s, "user/bob/INBOX"));
      commitElsewhere(101, "user/bob/INBOX");
      assertTrue(sees(s, "user/bob/INBOX"));
      assertTrue(s.journalOpened());
    }
  }

  @Test
  void aWriterOpensTheJournalWhenItFirstWrites() {
    storeWithJoe();
    try (Store s = Store.open(root)) {
      assertFalse(s.journalOpened());
      s.execute(ADMIN, new CreateMailbox("user/joe/Sent", null));
      assertTrue(s.journalOpened());
      assertTrue(sees(s, "user/joe/Sent"));
    }
    try (Store s = Store.open(root)) {
      assertTrue(sees(s, "user/joe/Sent"));
      assertFalse(s.journalOpened());
    }
  }
}
