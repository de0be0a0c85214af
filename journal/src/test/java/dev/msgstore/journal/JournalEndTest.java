package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.event.MailboxEvent;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling, without Chronicle, that the journal still ends with a given commit. */
class JournalEndTest {
  static final Author A = Author.of("t", "JournalEndTest");

  @TempDir Path dir;

  private static long commit(Journal j, long id) {
    return j.append(
        A, List.of(new MailboxEvent.Created(id, "user/u" + id + "/INBOX", "primary", 1L)));
  }

  @Test
  void theEndHoldsUntilAnotherCommitFollows() {
    try (Journal j = Journal.open(dir)) {
      commit(j, 1);
      long second = commit(j, 2);
      JournalEnd end = j.endAt(second).orElseThrow();
      assertEquals(second, end.index());
      assertTrue(end.stillEnds(dir));
      long third = commit(j, 3);
      assertFalse(end.stillEnds(dir));
      JournalEnd now = j.endAt(third).orElseThrow();
      assertTrue(now.stillEnds(dir));
      assertFalse(j.endAt(third + 1).isPresent());
    }
  }

  @Test
  void aNewerCycleFileOrAChangedCommitMeansNo() throws Exception {
    JournalEnd end;
    try (Journal j = Journal.open(dir)) {
      end = j.endAt(commit(j, 1)).orElseThrow();
    }
    assertTrue(end.stillEnds(dir));
    Path later = dir.resolve("99991231F.cq4");
    Files.write(later, new byte[0]);
    assertFalse(end.stillEnds(dir));
    Files.delete(later);
    assertTrue(end.stillEnds(dir));
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(end.cycleFile()).toFile(), "rw")) {
      f.seek(end.start() + 6); // inside the frame's length
      f.write(0x7f);
    }
    assertFalse(end.stillEnds(dir));
    assertFalse(new JournalEnd(end.index(), "none.cq4", 0, 8, end.head()).stillEnds(dir));
  }

  @Test
  void anEndKeepsAsBytes() {
    try (Journal j = Journal.open(dir)) {
      JournalEnd end = j.endAt(commit(j, 1)).orElseThrow();
      JournalEnd back = JournalEnd.fromBytes(ByteBuffer.wrap(end.toBytes())).orElseThrow();
      assertEquals(end.index(), back.index());
      assertEquals(end.cycleFile(), back.cycleFile());
      assertEquals(end.start(), back.start());
      assertEquals(end.end(), back.end());
      assertArrayEquals(end.head(), back.head());
      assertFalse(JournalEnd.fromBytes(ByteBuffer.wrap(new byte[5])).isPresent());
    }
  }
}
