package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.TornTailTest.Document;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.CorruptCommitException;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MaintenanceEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bit of every byte of the commits of a small journal, flipped one at a time: each flip is
 * caught by the next read, and none is decoded and served as a commit.
 *
 * <p>Why no flip can be harmless, and so why the test expects every one to be caught: a framed
 * document is {@code [format][length][crc32c][body]}. A flip in the format byte turns 2 into a
 * format no reader knows (one bit cannot make 1, the unframed format, nor 0xFF, a voided document);
 * in the length, the frame no longer matches the document's length; in the checksum or anywhere in
 * the body, CRC32C differs, since a CRC whose polynomial has more than one term catches every
 * single-bit error. A commit that a later commit vouches for ({@code durableUpTo}) is then
 * corruption: the read throws one line naming its index. The last commit, which nothing vouches
 * for, is a torn tail: readers stop before it, and the next writer voids it.
 */
class CommitBitFlipTest {
  static final Author WRITER =
      new Author("\u00e9milie", "msgstore mboxutil -c user/\u00e9milie/INBOX", "host", 4242);

  @TempDir Path tmp;
  Path dir;
  Path cycle;
  List<Commit> written = new ArrayList<>();
  List<Document> docs;

  /** Six commits of varied shapes: config, a mailbox, appends, flags, an ACL, several events. */
  @BeforeEach
  void variedCommits() throws IOException {
    dir = tmp.resolve("journal");
    Digest d = Digest.sha256("a body".getBytes(StandardCharsets.US_ASCII));
    List<List<Event>> commits =
        List.of(
            List.of(new ConfigEvent.OptionSet("store.partition.two.path", "", "/srv/two")),
            List.of(new MailboxEvent.Created(7, "user/\u00e9milie/INBOX", "primary", 1796288414)),
            List.of(
                new MessageEvent.Appended(
                    7,
                    1,
                    d,
                    1234,
                    56,
                    1796288414000L,
                    0,
                    Set.of(SystemFlag.SEEN),
                    List.of("$Junk"),
                    "<a@example.com>")),
            List.of(
                new MessageEvent.FlagsStored(7, 1, Set.of(SystemFlag.SEEN), List.of()),
                new MessageEvent.Expunged(7, List.of(1L)),
                new AclEvent.EntrySet(7, "anyone", "lrs")),
            List.of(new MaintenanceEvent.RefreshRequested("*")),
            List.of(new MailboxEvent.Deleted(7, "user/\u00e9milie/INBOX")));
    try (Journal j = Journal.open(dir)) {
      for (List<Event> events : commits) {
        j.append(WRITER, events);
      }
      j.replay(Journal.NO_INDEX, written::add);
    }
    try (Stream<Path> s = Files.list(dir)) {
      cycle = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    docs = TornTailTest.dataDocuments(cycle);
    assertEquals(commits.size(), docs.size());
    assertEquals(commits.size(), written.size());
  }

  /**
   * Every byte of every commit but the last, through the journal's own read path: one bit per byte
   * there (a read opens Chronicle tailers, which is what takes the time), all eight bits through
   * the frame's decoder, which is all that a flip in a document's payload changes for a reader.
   */
  @Test
  void everyFlipInACommitBeforeTheLastIsReportedNamingIt() throws IOException {
    int flips = 0;
    try (Journal j = Journal.open(dir);
        FileChannel ch =
            FileChannel.open(cycle, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (int k = 0; k < docs.size() - 1; k++) {
        Document doc = docs.get(k);
        long index = written.get(k).index();
        byte[] payload = payloadOf(ch, doc);
        for (int i = 0; i < payload.length; i++) {
          for (int bit = 0; bit < 8; bit++) {
            payload[i] ^= (byte) (1 << bit);
            assertInstanceOf(
                CommitCodec.Frame.Damaged.class,
                CommitCodec.read(index, Bytes.wrapForRead(payload)),
                "commit " + k + ", byte " + i + ", bit " + bit);
            payload[i] ^= (byte) (1 << bit);
            flips++;
          }
          long at = doc.headerAt() + 4 + i;
          int bit = (i + k) % 8;
          flip(ch, at, bit);
          List<Commit> read = new ArrayList<>();
          CorruptCommitException e =
              assertThrows(
                  CorruptCommitException.class,
                  () -> j.replay(Journal.NO_INDEX, read::add),
                  "commit " + k + ", byte " + i + ", bit " + bit);
          assertTrue(
              e.getMessage().contains("index " + CommitCodec.hex(index) + " is damaged")
                  && e.getMessage().lines().count() == 1,
              e.getMessage());
          assertEquals(written.subList(0, k), read, "what came before is served as written");
          flip(ch, at, bit);
        }
      }
      assertEquals(written, all(j), "every flip undone");
    }
    assertTrue(flips > 8 * 5 * 60, "flips: " + flips);
  }

  @Test
  void everyFlipInTheLastCommitIsATornTailThatReadersStopBefore() throws IOException {
    Document last = docs.getLast();
    try (Journal j = Journal.open(dir);
        FileChannel ch =
            FileChannel.open(cycle, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      byte[] payload = payloadOf(ch, last);
      for (int i = 0; i < payload.length; i++) {
        for (int bit = 0; bit < 8; bit++) {
          payload[i] ^= (byte) (1 << bit);
          assertInstanceOf(
              CommitCodec.Frame.Damaged.class,
              CommitCodec.read(written.getLast().index(), Bytes.wrapForRead(payload)));
          payload[i] ^= (byte) (1 << bit);
        }
        long at = last.headerAt() + 4 + i;
        flip(ch, at, i % 8);
        assertEquals(written.subList(0, written.size() - 1), all(j), "byte " + i);
        flip(ch, at, i % 8);
      }
    }
  }

  /** A writer then voids the torn commit, records that, and its own commit is read after it. */
  @Test
  void theNextWriterVoidsAFlippedLastCommit() throws IOException {
    Document last = docs.getLast();
    // What a writer changes: the head of the cycle file (documents, index) and the queue's
    // metadata.
    int head = (int) (last.end() + 65536);
    byte[] pristine = new byte[head];
    try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "r")) {
      f.readFully(pristine);
    }
    Path metadata = dir.resolve("metadata.cq4t");
    byte[] pristineMetadata = Files.readAllBytes(metadata);
    for (long at = last.headerAt() + 4; at < last.end(); at++) {
      Files.write(metadata, pristineMetadata);
      try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
        f.write(pristine);
        f.seek(at);
        int v = f.read();
        f.seek(at);
        f.write(v ^ (1 << (at % 8))); // one bit per byte here: each write reopens the journal
      }
      try (Journal j = Journal.open(dir)) {
        j.append(WRITER, List.of(new ConfigEvent.OptionSet("after", "", "flip at " + at)));
        List<Commit> all = all(j);
        assertEquals(written.subList(0, written.size() - 1), all.subList(0, written.size() - 1));
        var voided =
            assertInstanceOf(
                MaintenanceEvent.CommitsVoided.class,
                all.get(written.size() - 1).events().getFirst(),
                "byte " + at);
        assertEquals(written.getLast().index(), voided.firstIndex());
        assertEquals(
            new ConfigEvent.OptionSet("after", "", "flip at " + at),
            all.getLast().events().getFirst());
      }
    }
  }

  /**
   * Every bit of the Chronicle header word of a commit before the last. Its length or flags are not
   * covered by the frame, and a wrong length sends Chronicle's walk into the middle of the next
   * documents; the commit's own frame still says where it ends. Each flip is reported naming the
   * commit (or the one after it, for a header that no longer reads as data), and {@code reconstruct
   * --skip-commit} then restores the header from the frame: every commit is read back as written,
   * nothing voided.
   */
  @Test
  void everyFlipInTheHeaderOfACommitIsReportedAndRestored() throws IOException {
    Document doc = docs.get(1);
    int head = (int) (docs.getLast().end() + 65536);
    byte[] pristine = new byte[head];
    try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "r")) {
      f.readFully(pristine);
    }
    Path metadata = dir.resolve("metadata.cq4t");
    byte[] pristineMetadata = Files.readAllBytes(metadata);
    for (int bit = 0; bit < 32; bit++) {
      Files.write(metadata, pristineMetadata);
      try (RandomAccessFile f = new RandomAccessFile(cycle.toFile(), "rw")) {
        f.write(pristine);
        long at = doc.headerAt() + bit / 8;
        f.seek(at);
        int v = f.read();
        f.seek(at);
        f.write(v ^ (1 << (bit % 8)));
      }
      try (Journal j = Journal.open(dir)) {
        List<Commit> read = new ArrayList<>();
        String what = "header bit " + bit;
        CorruptCommitException e =
            assertThrows(
                CorruptCommitException.class, () -> j.replay(Journal.NO_INDEX, read::add), what);
        assertTrue(e.getMessage().contains("the commit itself is whole"), what + ": " + e);
        assertEquals(written.subList(0, 1), read, what);
        long named = Long.decode(e.getMessage().replaceAll(".*index (0x[0-9a-f]+).*", "$1"));
        assertTrue(
            named == written.get(1).index() || named == written.get(2).index(), what + ": " + e);
        j.skipDamagedCommit(WRITER, named);
        List<Commit> after = all(j);
        assertEquals(written, after.subList(0, written.size()), what);
        var record =
            assertInstanceOf(
                MaintenanceEvent.CommitsVoided.class, after.getLast().events().getFirst(), what);
        assertEquals(0, record.count(), what + ": nothing voided");
        assertTrue(record.reason().startsWith("header restored: "), record.reason());
      }
    }
  }

  private static byte[] payloadOf(FileChannel ch, Document doc) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(doc.length());
    ch.read(b, doc.headerAt() + 4);
    return b.array();
  }

  private static List<Commit> all(Journal j) {
    List<Commit> out = new ArrayList<>();
    j.replay(Journal.NO_INDEX, out::add);
    return out;
  }

  /** Through the file, as a disk would: the journal's mapping sees it (one page cache). */
  private static void flip(FileChannel ch, long at, int bit) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    ch.read(b, at);
    b.put(0, (byte) (b.get(0) ^ (1 << bit)));
    b.rewind();
    ch.write(b, at);
  }
}
