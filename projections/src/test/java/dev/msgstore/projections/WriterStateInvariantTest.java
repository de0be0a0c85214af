package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.ModSeq;
import dev.msgstore.projections.model.QuotaRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer keeps per mailbox, for its transaction, its record, quota root and tally, and
 * HIGHESTMODSEQ: however commits are grouped into transactions (one each, all in one, read back
 * through a view between them, held), the projections must agree with each other and with what the
 * messages add up to (counts, quota usage, one MODSEQ per live or expunged UID).
 */
class WriterStateInvariantTest {
  static final Author TEST = Author.of("test", "WriterStateInvariantTest");

  @TempDir Path dir;

  @Test
  void transactionShapesAgreeAndAddUp() throws IOException {
    for (long seed : new long[] {1, 2, 3, 20261204}) {
      Path journalDir = dir.resolve("journal-" + seed);
      RandomJournal.write(journalDir, TEST, new Random(seed));
      try (Journal j = Journal.open(journalDir)) {
        String first = null;
        for (int shape = 0; shape < 4; shape++) {
          try (Projections p = Projections.open(dir.resolve(seed + "-" + shape))) {
            switch (shape) {
              case 0 -> {
                long n;
                do {
                  try (ProjectionWriter w = p.beginWrite(0)) {
                    n = p.catchUp(j, w, 1);
                    w.commit();
                  }
                } while (n > 0);
              }
              case 1 -> {
                try (ProjectionWriter w = p.beginWrite(0)) {
                  p.catchUp(j, w, Long.MAX_VALUE);
                  w.commit();
                }
              }
              case 2 -> {
                try (ProjectionWriter w = p.beginWrite(0)) {
                  while (p.catchUp(j, w, 3) > 0) {
                    try (ProjectionReader r = w.view()) {
                      check(r, "seed " + seed + ", viewed mid-transaction");
                    }
                  }
                  w.commit();
                }
              }
              default -> p.catchUp(j);
            }
            try (ProjectionReader r = p.beginRead()) {
              check(r, "seed " + seed + ", shape " + shape);
            }
            StringBuilder out = new StringBuilder();
            p.dump(out);
            if (first == null) {
              first = out.toString();
            } else {
              assertEquals(first, out.toString(), "seed " + seed + ", shape " + shape);
            }
          }
        }
      }
    }
  }

  private static void check(ProjectionReader r, String how) {
    List<MailboxRecord> mailboxes = new ArrayList<>();
    r.forEachMailbox("", mailboxes::add);
    long[][] used = new long[3][2];
    for (MailboxRecord m : mailboxes) {
      long[] sum = new long[2];
      Set<Long> live = new TreeSet<>();
      r.forEachMessage(
          m.id(),
          0,
          msg -> {
            sum[0] += msg.size();
            sum[1]++;
            live.add(msg.uid());
            assertTrue(msg.uid() < m.uidNext(), how + ": uidnext of " + m);
            return true;
          });
      assertEquals(sum[0], m.bytes(), how + ": bytes of " + m);
      assertEquals(sum[1], m.messages(), how + ": messages of " + m);
      m.owner()
          .ifPresent(
              o -> {
                int u = o.charAt(1) - '0';
                used[u][0] += sum[0];
                used[u][1] += sum[1];
              });
      long highest = r.highestModSeq(m.id());
      Set<Long> withLive = new HashSet<>();
      long[] last = {0};
      r.forEachModSeq(
          m.id(),
          q -> {
            assertTrue(q.uid() > last[0], how + ": UID order " + q);
            last[0] = q.uid();
            assertTrue(q.modSeq() > 0 && q.modSeq() <= highest, how + ": " + q + " > " + highest);
            assertEquals(q.modSeq(), r.modSeq(m.id(), q.uid()), how + ": " + q);
            if (!q.expunged()) {
              withLive.add(q.uid());
            }
            return true;
          });
      assertEquals(live, new TreeSet<>(withLive), how + ": live MODSEQs of " + m);
      for (var e : r.expunged(m.id())) {
        ModSeq[] found = {null};
        r.forEachModSeq(
            m.id(),
            q -> {
              if (q.uid() == e.message().uid()) {
                found[0] = q;
              }
              return true;
            });
        assertTrue(found[0] != null && found[0].expunged(), how + ": expunged " + e);
      }
    }
    for (int u = 0; u < 3; u++) {
      QuotaRecord q = r.quota("u" + u);
      assertEquals(used[u][0], q.usedBytes(), how + ": quota bytes of u" + u);
      assertEquals(used[u][1], q.usedMessages(), how + ": quota messages of u" + u);
    }
  }
}
