package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.command.CreateMailboxes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry run decides as if its earlier commits were written, and writes nothing. */
class DryRunTest {
  static final Author ADMIN = Author.of("admin", "DryRunTest");
  @TempDir Path root;

  @Test
  void laterCommandsSeeEarlierOnesAndNothingIsWritten() throws Exception {
    List<Outcome> reported = new ArrayList<>();
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailboxes(List.of("user/joe/INBOX"), null));
      long commits = s.journal().stats().commits();
      DryRun run = new DryRun(reported::add);
      Digest[] wouldStore = new Digest[1];
      try (Store dry = s.dryRun(run)) {
        dry.execute(ADMIN, new CreateMailboxes(List.of("user/ann/INBOX"), null));
        // Refused against the store as it is; accepted in the dry run, which has ann's INBOX.
        dry.execute(ADMIN, new CreateMailboxes(List.of("user/ann/Sent"), null));
        try (ProjectionReader r = dry.read()) {
          assertTrue(r.mailbox("user/ann/Sent").isPresent());
        }
        Outcome appended =
            dry.append(
                ADMIN,
                "user/joe/INBOX",
                new ByteArrayInputStream(
                    "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)),
                AppendOptions.DEFAULT);
        assertTrue(appended.dryRun());
        assertEquals(1, appended.eventsOf(MessageEvent.Appended.class).get(0).uid());
        wouldStore[0] = appended.eventsOf(MessageEvent.Appended.class).get(0).digest();
        assertThrows(
            Rejected.class,
            () -> dry.execute(ADMIN, new CreateMailboxes(List.of("user/ann/Sent"), null)));
      }
      assertEquals(3, run.commitCount());
      assertEquals(3, reported.size());
      assertEquals(commits, s.journal().stats().commits(), "the journal is untouched");
      assertFalse(
          s.bodies(s.partitionOf("user/joe/INBOX")).contains(wouldStore[0]), "no body was stored");
      try (ProjectionReader r = s.read()) {
        assertFalse(r.mailbox("user/ann/INBOX").isPresent());
        assertEquals(0, r.mailbox("user/joe/INBOX").orElseThrow().messages());
      }
      // The store still writes, and the next real UID is the one the dry run showed.
      Outcome real =
          s.append(
              ADMIN,
              "user/joe/INBOX",
              new ByteArrayInputStream(
                  "Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)),
              AppendOptions.DEFAULT);
      assertFalse(real.dryRun());
      assertEquals(1, real.eventsOf(MessageEvent.Appended.class).get(0).uid());
    }
  }

  @Test
  void aSecondOpenInTheSameJvmSharesTheStore() {
    try (Store a = Store.open(root);
        Store b = Store.open(root)) {
      a.execute(ADMIN, new CreateMailboxes(List.of("user/joe/INBOX"), null));
      try (ProjectionReader r = b.read()) {
        assertTrue(r.mailbox("user/joe/INBOX").isPresent());
      }
      assertTrue(a.journal() == b.journal());
    }
    try (Store c = Store.open(root)) { // closed twice above: the files were released, and reopen
      assertEquals(1, c.journal().stats().commits());
    }
  }
}
