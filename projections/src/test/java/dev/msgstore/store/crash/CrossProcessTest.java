package dev.msgstore.store.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs append to one mailbox at once: unique, ascending UIDs, and no commit lost. */
class CrossProcessTest {
  static final int PER_CHILD = 300;

  @TempDir Path root;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path logs;

  @Test
  void twoJvmsAppendingToOneMailboxGetUniqueAscendingUids() throws Exception {
    String mailbox = "user/shared/INBOX";
    try (Store s = Store.open(root)) {
      s.execute(Author.of("test", "CrossProcessTest"), new CreateMailbox(mailbox, null));
    }
    Path log = logs.resolve("children.log");
    try (ChildJvm a =
            ChildJvm.start(DeliveryLoop.class, log, root.toString(), mailbox, "" + PER_CHILD, "a");
        ChildJvm b =
            ChildJvm.start(
                DeliveryLoop.class, log, root.toString(), mailbox, "" + PER_CHILD, "b")) {
      assertEquals(0, a.awaitExit(), "child a failed; see " + log);
      assertEquals(0, b.awaitExit(), "child b failed; see " + log);
      Map<Long, String> acked = new HashMap<>();
      for (ChildJvm c : List.of(a, b)) {
        long previous = 0;
        for (String ack : c.acks()) {
          String[] f = ack.split(" ");
          long uid = Long.parseLong(f[1]);
          assertTrue(uid > previous, "UIDs ascend within a writer");
          previous = uid;
          assertEquals(null, acked.put(uid, f[2]), "UID " + uid + " given twice");
        }
        assertEquals(PER_CHILD, c.acks().size());
      }
      try (Store s = Store.open(root);
          ProjectionReader r = s.read()) {
        MailboxRecord m = r.mailbox(mailbox).orElseThrow();
        List<MessageRecord> messages = r.messages(m.id());
        assertEquals(2 * PER_CHILD, messages.size());
        for (int i = 0; i < messages.size(); i++) {
          MessageRecord msg = messages.get(i);
          assertEquals(i + 1, msg.uid(), "UIDs are 1..n with no gap and no repeat");
          assertEquals(acked.get(msg.uid()), msg.digest().hex());
        }
        assertEquals(2 * PER_CHILD + 1, m.uidNext());
      }
    }
  }
}
