package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitFrames;
import dev.msgstore.journal.Journal;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit index of the first layout (its values were commit times, and no {@code audit.layout}
 * said so), as a store of the previous version has it, is indexed anew at the next catch-up: read
 * as positions, its times would send the reader past the end of the journal.
 */
class AuditLayoutTest {
  private static final Author ADMIN = Author.of("admin", "AuditLayoutTest");

  @TempDir Path root;

  @Test
  void anIndexOfTheFirstLayoutIsIndexedAnew() {
    try (Store s = Store.open(root)) {
      for (int i = 0; i < 30; i++) {
        s.execute(ADMIN, new CreateMailbox("user/u" + i + "/INBOX", null));
      }
      Projections p = s.projections();
      p.catchUpAudit(s.journal());
      // the first layout: every value a commit's time, no layout key
      try (ProjectionWriter w = p.beginWrite()) {
        p.audit.clear(w.txn());
        p.meta.delete(w.txn(), Projections.AUDIT_LAYOUT_KEY.duplicate());
        Buf key = new Buf(64);
        Buf value = new Buf(512);
        s.journal()
            .replay(
                Journal.NO_INDEX,
                c -> p.audit.add(w.txn(), c, c.meta().timeMicros(), new HashMap<>(), key, value));
        w.commit();
      }

      p.catchUpAudit(s.journal());

      List<Long> read = new ArrayList<>();
      try (ProjectionReader r = s.read();
          AuditReader a = r.audit();
          CommitFrames frames = new CommitFrames(s.journal().directory())) {
        a.candidates(
            new AuditQuery(null, null, "admin", null, null, null),
            (index, position) -> {
              Commit c = frames.read(index, position);
              assertEquals(index, c.index());
              read.add(index);
              return true;
            });
      }
      assertTrue(read.size() >= 30, read.toString());
    }
  }
}
