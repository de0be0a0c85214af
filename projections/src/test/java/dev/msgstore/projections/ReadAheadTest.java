package dev.msgstore.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.codec.CorruptCommitException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  private static Commit commit(long index) {
    return new Commit(index, new CommitMeta(index, "a", "o", "h", 1), List.of());
  }

  @Test
  void givesEveryCommitInOrderThenTheEnd() {
    AtomicLong next = new AtomicLong();
    try (ReadAhead r =
        new ReadAhead(() -> next.get() < 1_000 ? commit(next.incrementAndGet()) : null)) {
      for (long i = 1; i <= 1_000; i++) {
        assertEquals(i, r.next().index());
      }
      assertNull(r.next());
      assertNull(r.next());
    }
  }

  @Test
  void whatTheReaderThrowsComesAfterTheCommitsBeforeIt() {
    CorruptCommitException damaged = new CorruptCommitException("damaged at 701");
    AtomicLong next = new AtomicLong();
    try (ReadAhead r =
        new ReadAhead(
            () -> {
              if (next.get() == 700) {
                throw damaged;
              }
              return commit(next.incrementAndGet());
            })) {
      for (long i = 1; i <= 700; i++) {
        assertEquals(i, r.next().index());
      }
      assertSame(damaged, assertThrows(CorruptCommitException.class, r::next));
    }
  }

  @Test
  void closingStopsAReaderThatIsAhead() {
    AtomicLong read = new AtomicLong();
    ReadAhead r = new ReadAhead(() -> commit(read.incrementAndGet())); // an endless journal
    assertEquals(1, r.next().index());
    r.close(); // returns only once the reader has stopped
    long after = read.get();
    assertFalse(
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("msgstore-read-ahead") && t.isAlive()));
    assertEquals(after, read.get(), "nothing is read once closed");
  }
}
