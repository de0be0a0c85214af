package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.codec.CorruptCommitException;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a power cut can leave at the end of the journal, at every byte of the last commit: the tail
 * zeroed from there, the file truncated there, and Chronicle's "being written" header where the
 * last document starts. After each, the earlier commits are all there, the torn one is not, and a
 * commit written afterwards is seen by every reader and after a reopen.
 */
class TornTailTest {
  @TempDir Path tmp;
  Path pristine;
  String cycleName;
  Document last;
  List<List<Event>> written = new ArrayList<>();

  record Document(long headerAt, int length) {
    long end() {
      return headerAt + 4 + length;
    }
  }

  @BeforeEach
  void fourCommits() throws IOException {
    pristine = tmp.resolve("pristine");
    try (Journal j = Journal.open(pristine)) {
      for (int i = 0; i < 4; i++) {
        List<Event> events = List.of(new ConfigEvent.OptionSet("option" + i, "", "value " + i));
        j.append(JournalTest.TESTER, events);
        written.add(events);
      }
    }
    try (Stream<Path> s = Files.list(pristine)) {
      cycleName =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".cq4"))
              .findFirst()
              .orElseThrow();
    }
    List<Document> docs = dataDocuments(pristine.resolve(cycleName));
    assertEquals(4, docs.size(), "four data documents");
    last = docs.getLast();
  }

  @Test
  void aTailZeroedFromAnyByteOfTheLastCommitIsVoided() throws IOException {
    for (long at = last.headerAt() + 4; at < last.end(); at++) {
      Path copy = copyOf("zero-" + at);
      zero(copy.resolve(cycleName), at, last.end());
      assertRecovers(copy, "zeroed from " + at);
    }
  }

  /**
   * The last document's page lost whole, its header word too, while the queue's writePosition, on
   * another page, still points at it: Chronicle's appender would skip a zero-length "document"
   * there and walk the old payload's bytes as headers.
   */
  @Test
  void aLastDocumentZeroedWithItsHeaderIsNeverRead() throws IOException {
    for (long to : new long[] {last.headerAt() + 4, last.headerAt() + 40, last.end()}) {
      Path copy = copyOf("header-zeroed-" + to);
      zero(copy.resolve(cycleName), last.headerAt(), to);
      try (Journal j = Journal.open(copy)) {
        List<Commit> before = commits(j);
        assertEquals(3, before.size(), "zeroed to " + to);
        j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("after", "", "x")));
        List<Commit> all = commits(j);
        assertEquals(
            new ConfigEvent.OptionSet("after", "", "x"),
            all.getLast().events().getFirst(),
            "zeroed to " + to + ": " + all.size());
      }
      try (Journal j = Journal.open(copy)) {
        List<Commit> all = commits(j);
        assertEquals(
            new ConfigEvent.OptionSet("after", "", "x"),
            all.getLast().events().getFirst(),
            "zeroed to " + to + ", reopened");
        assertEquals(
            written.subList(0, 3), all.subList(0, 3).stream().map(Commit::events).toList());
      }
    }
  }

  /**
   * The pages of the last two documents lost with their headers (a group commit's), the
   * writePosition kept: both are voided, the earlier commits stay and a new one is seen.
   */
  @Test
  void theLastTwoDocumentsZeroedWithTheirHeadersAreVoided() throws IOException {
    Document third = dataDocuments(pristine.resolve(cycleName)).get(2);
    Path copy = copyOf("two-zeroed");
    zero(copy.resolve(cycleName), third.headerAt(), last.end());
    for (int open = 0; open < 2; open++) {
      try (Journal j = Journal.open(copy)) {
        List<Commit> all = commits(j);
        if (open == 0) {
          assertEquals(2, all.size());
          j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("after", "", "x")));
          all = commits(j);
        }
        assertEquals(4, all.size(), "two, the record of the repair, the new one");
        assertEquals(
            written.subList(0, 2), all.subList(0, 2).stream().map(Commit::events).toList());
        var voided = assertInstanceOf(MaintenanceEvent.CommitsVoided.class, eventsOf(all.get(2)));
        assertEquals(2, voided.count());
        assertEquals(all.get(1).index() + 1, voided.firstIndex());
        assertEquals(all.get(2).index() + 1, all.get(3).index(), "indexes as Chronicle counts");
        assertEquals(new ConfigEvent.OptionSet("after", "", "x"), eventsOf(all.get(3)));
      }
    }
  }

  @Test
  void aJournalTruncatedInsideTheLastCommitIsVoided() throws IOException {
    for (long at = last.headerAt() + 1; at < last.end(); at++) {
      Path copy = copyOf("truncated-" + at);
      try (RandomAccessFile f = new RandomAccessFile(copy.resolve(cycleName).toFile(), "rw")) {
        f.setLength(at);
      }
      assertRecovers(copy, "truncated at " + at);
    }
  }

  @Test
  void theBeingWrittenHeaderWhereTheLastDocumentStartsIsVoided() throws IOException {
    Path copy = copyOf("incomplete");
    writeInt(copy.resolve(cycleName), last.headerAt(), 0x80000000);
    assertRecovers(copy, "incomplete header");
  }

  @Test
  void aDeadWritersIncompleteDocumentAfterTheLastIsOverwritten() throws IOException {
    Path copy = copyOf("dead-writer");
    Path cycle = copy.resolve(cycleName);
    long at = (last.end() + 3) & ~3L;
    try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
      f.seek(at + 4);
      f.write("a dead writer's half of a commit".repeat(3).getBytes());
    }
    writeInt(cycle, at, 0x80000000);
    try (Journal j = Journal.open(copy)) {
      assertEquals(4, commits(j).size());
      j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("after", "", "x")));
      List<Commit> all = commits(j);
      assertEquals("after", ((ConfigEvent.OptionSet) all.getLast().events().getFirst()).name());
      assertTrue(all.size() >= 5, "every commit and the new one: " + all.size());
    }
  }

  @Test
  void damageToAnAcknowledgedCommitIsReportedAndCanBeSkipped() throws IOException {
    Path copy = copyOf("corrupt");
    Document second = dataDocuments(copy.resolve(cycleName)).get(1);
    flip(copy.resolve(cycleName), second.headerAt() + 4 + second.length() / 2);
    try (Journal j = Journal.open(copy)) {
      CorruptCommitException e = assertThrows(CorruptCommitException.class, () -> commits(j));
      assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
      List<Commit> before = new ArrayList<>();
      try (JournalCursor c = j.cursor()) {
        before.add(c.next());
        long damaged = before.getFirst().index() + 1;
        assertTrue(e.getMessage().contains(Long.toHexString(damaged)), e.getMessage());
        j.skipDamagedCommit(JournalTest.TESTER, damaged);
      }
      List<Commit> all = commits(j);
      assertEquals(4, all.size(), "three commits and the record of the skip");
      var voided = assertInstanceOf(MaintenanceEvent.CommitsVoided.class, eventsOf(all.getLast()));
      assertEquals(1, voided.count());
      assertTrue(voided.reason().startsWith("skipped, damaged: "), voided.reason());
    }
  }

  @Test
  void commitsWrittenBeforeATornOneWasKnownDurableGoWithIt() throws IOException {
    Path dir = tmp.resolve("region");
    long first;
    try (Journal j = Journal.open(dir)) {
      j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("a", "", "1")));
      first = j.lastIndex();
      // Written in one batch, as group commit does: neither is durable when the next is written.
      j.write(JournalTest.TESTER, () -> List.of(new ConfigEvent.OptionSet("b", "", "2")));
      long l = j.write(JournalTest.TESTER, () -> List.of(new ConfigEvent.OptionSet("c", "", "3")));
      j.awaitDurable(l);
    }
    Path cycle;
    try (Stream<Path> s = Files.list(dir)) {
      cycle = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    Document b = dataDocuments(cycle).get(1);
    zero(cycle, b.headerAt() + 4, b.end()); // the page of b lost, that of c kept
    try (Journal j = Journal.open(dir)) {
      assertEquals(1, commits(j).size(), "the reader stops before the torn region");
      j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("d", "", "4")));
      List<Commit> all = commits(j);
      assertEquals(3, all.size());
      assertEquals(first, all.getFirst().index());
      var voided = assertInstanceOf(MaintenanceEvent.CommitsVoided.class, eventsOf(all.get(1)));
      assertEquals(2, voided.count(), "b and c");
    }
  }

  private void assertRecovers(Path copy, String what) {
    try (Journal j = Journal.open(copy)) {
      List<Commit> before = commits(j);
      assertEquals(3, before.size(), what + ": the earlier commits, not the torn one");
      for (int i = 0; i < 3; i++) {
        assertEquals(written.get(i), before.get(i).events(), what);
      }
      j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("after", "", what)));
      assertAfterRepair(commits(j), what, what);
    }
    try (Journal j = Journal.open(copy)) {
      assertAfterRepair(commits(j), what, what + ", reopened");
    }
  }

  private void assertAfterRepair(List<Commit> all, String value, String what) {
    assertEquals(5, all.size(), what + ": three, the record of the repair, the new one");
    var voided = assertInstanceOf(MaintenanceEvent.CommitsVoided.class, eventsOf(all.get(3)), what);
    assertEquals(1, voided.count(), what);
    assertEquals(all.get(2).index() + 1, voided.firstIndex(), what);
    assertEquals(
        new ConfigEvent.OptionSet("after", "", value), all.get(4).events().getFirst(), what);
  }

  private static Event eventsOf(Commit c) {
    assertEquals(1, c.events().size());
    return c.events().getFirst();
  }

  private static List<Commit> commits(Journal j) {
    List<Commit> all = new ArrayList<>();
    j.replay(Journal.NO_INDEX, all::add);
    return all;
  }

  /** A copy holding only the written part of the cycle file: Chronicle grows it again. */
  private Path copyOf(String name) throws IOException {
    Path copy = tmp.resolve(name);
    Files.createDirectories(copy);
    try (Stream<Path> s = Files.list(pristine)) {
      for (Path p : s.toList()) {
        Path to = copy.resolve(p.getFileName());
        if (p.getFileName().toString().equals(cycleName)) {
          try (RandomAccessFile in = new RandomAccessFile(p.toFile(), "r");
              RandomAccessFile out = new RandomAccessFile(to.toFile(), "rw")) {
            byte[] head = new byte[(int) ((last.end() + 4096) & ~4095L)];
            in.readFully(head);
            out.write(head);
          }
        } else {
          Files.copy(p, to);
        }
      }
    }
    return copy;
  }

  /** Walks Chronicle's document headers: data documents, in order. */
  static List<Document> dataDocuments(Path cycle) throws IOException {
    List<Document> docs = new ArrayList<>();
    try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "r")) {
      long pos = 0;
      while (pos + 4 <= f.length()) {
        int header = readInt(f, pos);
        if (header == 0 || header < 0) {
          break;
        }
        int length = header & 0x3FFFFFFF;
        if ((header & 0x40000000) == 0) {
          docs.add(new Document(pos, length));
        }
        pos = (pos + 4 + length + 3) & ~3L;
      }
    }
    return docs;
  }

  private static int readInt(RandomAccessFile f, long pos) throws IOException {
    byte[] b = new byte[4];
    f.seek(pos);
    f.readFully(b);
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private static void writeInt(Path file, long pos, int value) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(pos);
      f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }
  }

  private static void zero(Path file, long from, long to) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(from);
      f.write(new byte[(int) (to - from)]);
    }
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x20);
    }
  }
}
