package dev.msgstore.services.imap.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IMAP journal tail reads nothing while no view watches: a view that starts watching gets every
 * commit after the index it is told, and none before; a session's own commit is awaited all the
 * same with no view watching.
 */
class MailboxChangesTest {
  static final Author ADMIN = Author.of("admin", "MailboxChangesTest");

  @TempDir Path root;

  private static Outcome append(Store s, String mailbox, String subject) throws Exception {
    byte[] m = ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    return s.append(ADMIN, mailbox, new ByteArrayInputStream(m), AppendOptions.DEFAULT);
  }

  @Test
  void aViewWatchingAfterUnwatchedCommitsGetsExactlyTheLaterOnes() throws Exception {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/ann/INBOX", null));
      long inbox;
      try (var r = s.read()) {
        inbox = r.mailbox("user/ann/INBOX").orElseThrow().id();
      }
      try (MailboxChanges changes = new MailboxChanges(s)) {
        Outcome before = null;
        for (int i = 0; i < 5; i++) {
          before = append(s, "user/ann/INBOX", "before " + i);
        }
        changes.awaitDelivered(before.index()); // no view watches: it returns all the same
        assertTrue(changes.pump() >= before.index());
        List<Long> seen = new ArrayList<>();
        MailboxChanges.Listener view =
            (index, events) -> {
              for (Event e : events) {
                if (e instanceof MessageEvent.Appended) {
                  seen.add(index);
                }
              }
            };
        long from = changes.watch(inbox, view);
        assertTrue(from >= before.index(), "the watch starts after what was written before it");
        List<Long> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          after.add(append(s, "user/ann/INBOX", "after " + i).index());
        }
        changes.awaitDelivered(after.get(2));
        assertEquals(after, seen, "every later commit, in order, and none before the watch");
        changes.unwatch(inbox, view);
        Outcome unwatched = append(s, "user/ann/INBOX", "unwatched");
        changes.awaitDelivered(unwatched.index());
        assertEquals(after, seen);
      }
    }
  }
}
