package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.EventOutput;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.Event;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal of two cycle files, yesterday's and today's, and what a lost end-of-cycle marker does.
 */
class OlderCycleTest {
  static final long DAY = 86_400_000L;
  @TempDir Path dir;
  Path older;

  @BeforeEach
  void twoCycles() throws IOException {
    try (SingleChronicleQueue q =
            SingleChronicleQueueBuilder.binary(dir.toFile())
                .timeProvider(new SetTimeProvider(System.currentTimeMillis() - DAY))
                .build();
        ExcerptAppender a = q.createAppender()) {
      EventOutput scratch = new EventOutput(256);
      for (int i = 0; i < 2; i++) {
        try (DocumentContext dc = a.writingDocument()) {
          CommitCodec.encode(
              CommitMeta.of(i, JournalTest.TESTER),
              i - 1,
              List.<Event>of(new ConfigEvent.OptionSet("yesterday" + i, "", "v")),
              scratch,
              dc.wire().bytes());
        }
      }
    }
    try (Stream<Path> s = Files.list(dir)) {
      older = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (Journal j = Journal.open(dir)) {
      j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("today0", "", "v")));
      j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("today1", "", "v")));
    }
  }

  @Test
  void everyCommitOfBothCyclesIsRead() {
    try (Journal j = Journal.open(dir)) {
      assertEquals(List.of("yesterday0", "yesterday1", "today0", "today1"), names(j));
    }
  }

  /** State 12 of docs/DURABILITY.md: the marker written at the roll, its page lost. */
  @Test
  void anOlderCycleWhoseEndMarkerWasLostIsReadToItsEndAndPast() throws IOException {
    long eof = endMarker(older);
    writeInt(older, eof, 0);
    try (Journal j = Journal.open(dir)) {
      assertEquals(
          List.of("yesterday0", "yesterday1", "today0", "today1"),
          names(j),
          "before any write (Chronicle alone stops at yesterday's end until its next appender"
              + " writes the marker)");
      j.append(JournalTest.TESTER, List.of(new ConfigEvent.OptionSet("after", "", "v")));
      assertEquals(List.of("yesterday0", "yesterday1", "today0", "today1", "after"), names(j));
    }
  }

  /** A dead writer's incomplete document where yesterday's marker would be. */
  @Test
  void anOlderCycleEndingInAnIncompleteDocumentIsReadToItsEndAndPast() throws IOException {
    long eof = endMarker(older);
    try (RandomAccessFile f = new RandomAccessFile(older.toFile(), "rw")) {
      f.seek(eof + 4);
      f.write("half a commit".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    writeInt(older, eof, 0x80000000 | 40);
    try (Journal j = Journal.open(dir)) {
      assertEquals(List.of("yesterday0", "yesterday1", "today0", "today1"), names(j));
    }
  }

  private static List<String> names(Journal j) {
    List<String> out = new ArrayList<>();
    j.replay(
        Journal.NO_INDEX, c -> out.add(((ConfigEvent.OptionSet) c.events().getFirst()).name()));
    return out;
  }

  /** The position of Chronicle's end-of-cycle header word (0xC0000000) after the last document. */
  private static long endMarker(Path cycle) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "r")) {
      long pos = 0;
      byte[] b = new byte[4];
      while (pos + 4 <= f.length()) {
        f.seek(pos);
        f.readFully(b);
        int header = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (header == 0xC0000000) {
          return pos;
        }
        if (header == 0 || header < 0) {
          throw new AssertionError("no end-of-cycle marker: " + Integer.toHexString(header));
        }
        pos = (pos + 4 + (header & 0x3FFFFFFF) + 3) & ~3L;
      }
      throw new AssertionError("no end-of-cycle marker");
    }
  }

  private static void writeInt(Path file, long pos, int value) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(pos);
      f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }
  }
}
