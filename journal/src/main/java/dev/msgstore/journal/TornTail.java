package dev.msgstore.journal;

import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.CommitCodec.Frame;
import java.io.File;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.ExcerptContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

/**
 * Finds and voids what a power cut can leave at the end of the journal (docs/DURABILITY.md): a
 * complete document whose frame fails its check, followed only by documents whose writers did not
 * know it durable; and an incomplete Chronicle header after the last complete document. Run under
 * the queue's cross-process write lock, so no live writer is half-way through a document.
 *
 * <p>A damaged document becomes a voided one in place (its first byte {@link CommitCodec#VOID}),
 * keeping its length, so that Chronicle's sequence numbers and index are unchanged. An incomplete
 * header becomes a complete data document of eight bytes holding a void frame, with the eight bytes
 * after it zeroed as Chronicle zeroes them after every document: Chronicle's appender and readers
 * count it as the sequence number its store already expects.
 */
final class TornTail {
  /** Chronicle's header word: the document is being written (or is the end-of-cycle mark). */
  static final int NOT_COMPLETE = 0x80000000;

  /** Chronicle's header word: the document is the queue's own metadata, not a commit. */
  static final int META_DATA = 0x40000000;

  static final int LENGTH_MASK = 0x3FFFFFFF;
  private static final int VOID_DOCUMENT_LENGTH = 8;

  /** What a repair voided: {@code count} documents from {@code firstIndex}. */
  record Repair(long firstIndex, long count) {}

  private record Document(long index, int cycle, long payloadAt, long length) {}

  private TornTail() {}

  /** Whether the damaged document at {@code index} starts a torn tail rather than corruption. */
  static boolean isTorn(SingleChronicleQueue queue, long index) {
    try (ExcerptTailer t = queue.createTailer()) {
      t.singleThreadedCheckDisabled(true);
      if (!t.moveToIndex(index)) {
        return false;
      }
      for (; ; ) {
        try (DocumentContext dc = t.readingDocument()) {
          if (!dc.isPresent()) {
            return true;
          }
          if (dc.isData()
              && CommitCodec.read(dc.index(), dc.wire().bytes()) instanceof Frame.Intact i
              && i.durableUpTo() >= index) {
            return false; // a later writer knew this commit durable: it was acknowledged
          }
        }
      }
    }
  }

  /** Voids the torn tail after {@code fromIndex}; empty when the tail is sound or corrupt. */
  static Optional<Repair> repair(SingleChronicleQueue queue, long fromIndex) {
    List<Document> torn = new ArrayList<>();
    Document last = null;
    long damagedAt = Journal.NO_INDEX;
    try (ExcerptTailer t = queue.createTailer()) {
      t.singleThreadedCheckDisabled(true);
      if (fromIndex == Journal.NO_INDEX || !t.moveToIndex(fromIndex)) {
        t.toStart();
      }
      for (; ; ) {
        try (DocumentContext dc = t.readingDocument()) {
          if (!dc.isPresent()) {
            break;
          }
          if (!dc.isData()) {
            continue;
          }
          var bytes = dc.wire().bytes();
          Document d =
              new Document(
                  dc.index(),
                  queue.rollCycle().toCycle(dc.index()),
                  bytes.readPosition(),
                  bytes.readRemaining());
          last = d;
          Frame f = CommitCodec.read(d.index(), bytes);
          if (f instanceof Frame.Damaged && headerAlone(queue, d)) {
            return Optional.empty(); // an intact commit behind a damaged header: readers report it
          }
          if (f instanceof Frame.Damaged && damagedAt == Journal.NO_INDEX) {
            damagedAt = d.index();
          }
          if (damagedAt != Journal.NO_INDEX) {
            if (f instanceof Frame.Intact i && i.durableUpTo() >= damagedAt) {
              return Optional.empty(); // corruption of an acknowledged commit: readers report it
            }
            if (!(f instanceof Frame.Voided)) {
              torn.add(d);
            }
          }
        }
      }
    }
    if (last == null) {
      return Optional.empty();
    }
    File file = cycleFile(queue, last.cycle());
    try (FileChannel ch =
        FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // Documents Chronicle counts after the last one a reader reaches: lost with their headers
      long lost =
          sequenceAtWritePosition(queue, last.cycle())
              - queue.rollCycle().toSequenceNumber(last.index());
      long headersFixed =
          voidIncompleteHeader(
              ch,
              align(last.payloadAt() + last.length()),
              writePosition(queue, last.cycle()),
              lost);
      for (Document d : torn) {
        FileChannel target =
            d.cycle() == last.cycle()
                ? ch
                : FileChannel.open(cycleFile(queue, d.cycle()).toPath(), StandardOpenOption.WRITE);
        try {
          write(
              target,
              d.payloadAt(),
              new byte[] {(byte) CommitCodec.VOID, (byte) CommitCodec.VOID_TORN});
          target.force(false);
        } finally {
          if (target != ch) {
            target.close();
          }
        }
      }
      ch.force(false);
      if (torn.isEmpty() && headersFixed == 0) {
        return Optional.empty();
      }
      long first = torn.isEmpty() ? last.index() + 1 : torn.getFirst().index();
      return Optional.of(new Repair(first, torn.size() + headersFixed));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot repair the journal's torn tail in " + file, e);
    }
  }

  /**
   * Voids the damaged document at {@code index} in place and returns why it was damaged. Refuses a
   * document that is intact or already voided.
   */
  static final String METADATA_FLAG =
      "its Chronicle header marks it metadata; the commit itself is whole";

  /** What a skip did: voided a damaged commit, or restored the header of an intact one. */
  record Skipped(String why, boolean restored) {}

  static Skipped voidDamaged(SingleChronicleQueue queue, long index) {
    long payloadAt;
    long length;
    String why;
    try (ExcerptTailer t = queue.createTailer()) {
      t.singleThreadedCheckDisabled(true);
      if (!t.moveToIndex(index)) {
        return flaggedCommitAfter(queue, index, -1, true)
            .map(restored -> new Skipped(restored, true))
            .orElseThrow(
                () ->
                    new NoSuchElementException(
                        "the journal has no commit at index " + CommitCodec.hex(index)));
      }
      try (DocumentContext dc = t.readingDocument()) {
        if (!dc.isPresent() || !dc.isData()) {
          throw new NoSuchElementException(
              "the journal has no commit at index " + CommitCodec.hex(index));
        }
        payloadAt = dc.wire().bytes().readPosition();
        length = dc.wire().bytes().readRemaining();
        Frame f = CommitCodec.read(index, dc.wire().bytes());
        if (!(f instanceof Frame.Damaged d)) {
          Optional<String> restored = flaggedCommitAfter(queue, index, payloadAt - 4, true);
          if (restored.isPresent()) {
            return new Skipped(restored.get(), true);
          }
          throw new IllegalArgumentException(
              "the commit at index " + CommitCodec.hex(index) + " is not damaged");
        }
        why = d.why();
      }
    }
    File file = cycleFile(queue, queue.rollCycle().toCycle(index));
    try (FileChannel ch =
        FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      int frame = FrameCheck.intactFrameLength(ch, payloadAt);
      if (frame > 0 && frame != length) {
        writeInt(ch, payloadAt - 4, frame); // the commit is whole: mend its header, lose nothing
        ch.force(false);
        return new Skipped("header restored: " + FrameCheck.why(length, frame), true);
      }
      write(ch, payloadAt, new byte[] {(byte) CommitCodec.VOID, (byte) CommitCodec.VOID_SKIPPED});
      ch.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot void the commit in " + file, e);
    }
    return new Skipped(why, false);
  }

  /**
   * A commit whose header lost its data flag reads as Chronicle metadata (the tailer's index is
   * then that of the data document after it), and one marked "not complete" stops every reader
   * before it: finds (and with {@code restore}, restores) the header of such a whole commit after
   * the data document before {@code index}, before {@code limit} (-1: wherever it is).
   */
  static Optional<String> flaggedCommitAfter(
      SingleChronicleQueue queue, long index, long limit, boolean restore) {
    long from;
    try (ExcerptTailer t = queue.createTailer()) {
      t.singleThreadedCheckDisabled(true);
      if (queue.rollCycle().toSequenceNumber(index) == 0 || !t.moveToIndex(index - 1)) {
        return Optional.empty();
      }
      try (DocumentContext dc = t.readingDocument()) {
        if (!dc.isPresent()) {
          return Optional.empty();
        }
        from = align(dc.wire().bytes().readPosition() + dc.wire().bytes().readRemaining());
      }
    }
    File file = cycleFile(queue, queue.rollCycle().toCycle(index));
    try (FileChannel ch =
        FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      for (long pos = from; limit < 0 || pos < limit; ) {
        int header = readInt(ch, pos);
        int length = header & LENGTH_MASK;
        if (header == 0 || length == 0) {
          return Optional.empty();
        }
        if ((header & (META_DATA | NOT_COMPLETE)) != 0) {
          if (FrameCheck.intactFrameLength(ch, pos + 4) == length) {
            String why =
                (header & NOT_COMPLETE) != 0
                    ? "its Chronicle header is marked not complete; the commit itself is whole"
                    : METADATA_FLAG;
            if (!restore) {
              return Optional.of(why);
            }
            writeInt(ch, pos, length);
            ch.force(false);
            return Optional.of("header restored: " + why);
          }
          if ((header & NOT_COMPLETE) != 0) {
            return Optional.empty();
          }
        }
        pos = align(pos + 4 + length);
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore a header in " + file, e);
    }
  }

  /**
   * Walks Chronicle's complete metadata documents from {@code at}: why, if the header that ends the
   * walk is marked "not complete" over a whole commit of its length, else null.
   */
  static String wholeCommitNotComplete(FileChannel ch, long at) throws IOException {
    for (long pos = align(at); ; ) {
      int header = readInt(ch, pos);
      int length = header & LENGTH_MASK;
      if (header == 0 || length == 0) {
        return null;
      }
      if ((header & NOT_COMPLETE) != 0) {
        return FrameCheck.intactFrameLength(ch, pos + 4) == length
            ? "its Chronicle header is marked not complete; the commit itself is whole"
            : null;
      }
      if ((header & META_DATA) == 0) {
        return null; // a data document a reader will read
      }
      pos = align(pos + 4 + length);
    }
  }

  /** Whether a damaged document is an intact commit behind a damaged Chronicle header. */
  private static boolean headerAlone(SingleChronicleQueue queue, Document d) {
    File file = cycleFile(queue, d.cycle());
    try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
      return FrameCheck.headerAlone(ch, d.payloadAt(), d.length());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + file, e);
    }
  }

  private static void writeInt(FileChannel ch, long pos, int value) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, value);
    while (h.hasRemaining()) {
      ch.write(h, pos + h.position());
    }
  }

  /**
   * Walks the headers after the last complete data document and voids an incomplete one; or, where
   * a header word never reached the disk (zero) at or before the store's {@code writePosition}, the
   * {@code lost} documents Chronicle counts from there: its appender starts at {@code
   * writePosition} and would otherwise skip four bytes and walk a lost payload as headers, writing
   * where no reader looks. Returns how many documents it voided.
   */
  private static long voidIncompleteHeader(FileChannel ch, long at, long writePosition, long lost)
      throws IOException {
    long pos = at;
    for (; ; ) {
      int header = readInt(ch, pos);
      if (header == 0) {
        return pos <= writePosition && lost >= 1 ? fillLost(ch, pos, writePosition, lost) : 0;
      }
      if ((header & NOT_COMPLETE) != 0) {
        if ((header & META_DATA) != 0 && (header & LENGTH_MASK) == 0) {
          return 0; // Chronicle's end-of-cycle marker
        }
        int length = header & LENGTH_MASK;
        if (length > 0 && FrameCheck.intactFrameLength(ch, pos + 4) == length) {
          // a whole commit whose "not complete" bit flipped: restore its header, and go on
          writeInt(ch, pos, length);
          pos = align(pos + 4 + length);
          continue;
        }
        writeVoidDocument(ch, pos, VOID_DOCUMENT_LENGTH);
        return 1;
      }
      pos = align(pos + 4 + (header & LENGTH_MASK));
    }
  }

  /**
   * Writes {@code lost} void data documents from {@code pos}, the last of them at {@code
   * writePosition}, so that readers reach where Chronicle's appender continues and count the
   * sequence numbers its store already holds. Returns {@code lost}, or 0 when they do not fit.
   */
  private static long fillLost(FileChannel ch, long pos, long writePosition, long lost)
      throws IOException {
    long minimum = (lost - 1) * (4 + VOID_DOCUMENT_LENGTH);
    if (writePosition - pos < minimum) {
      return 0;
    }
    long at = pos;
    for (long i = 1; i < lost - 1; i++) {
      writeVoidDocument(ch, at, VOID_DOCUMENT_LENGTH);
      at += 4 + VOID_DOCUMENT_LENGTH;
    }
    if (lost > 1) {
      writeVoidDocument(ch, at, (int) (writePosition - at - 4)); // spans the rest of the gap
    }
    writeVoidDocument(ch, writePosition, VOID_DOCUMENT_LENGTH);
    return lost;
  }

  /**
   * A data document of {@code length} bytes at {@code pos} holding a void frame, and zeros in the
   * eight bytes after it, as Chronicle leaves after every document.
   */
  private static void writeVoidDocument(FileChannel ch, long pos, int length) throws IOException {
    byte[] voidFrame = new byte[length];
    voidFrame[0] = (byte) CommitCodec.VOID;
    voidFrame[1] = (byte) CommitCodec.VOID_TORN;
    write(ch, pos + 4, voidFrame);
    write(ch, pos + 4 + length, new byte[8]);
    ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, length);
    ch.write(h, pos);
  }

  /**
   * The sequence number the cycle's store records for the document at its writePosition (its
   * RollCycleEncodeSequence), read without walking the file: a context with no wire makes
   * SCQIndexing.lastSequenceNumber return it as stored. -1 when it has none.
   */
  private static long sequenceAtWritePosition(SingleChronicleQueue queue, int cycle) {
    ExcerptContext stored =
        new ExcerptContext() {
          @Override
          public Wire wire() {
            return null;
          }

          @Override
          public Wire wireForIndex() {
            return null;
          }

          @Override
          public long timeoutMS() {
            return 0;
          }
        };
    try (SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null)) {
      return store == null ? -1 : store.lastSequenceNumber(stored);
    } catch (StreamCorruptedException | RuntimeException e) {
      return -1; // no sequence recorded for it: nothing is counted past the last readable document
    }
  }

  /** Where the cycle's store says its last document starts (SingleChronicleQueueStore). */
  private static long writePosition(SingleChronicleQueue queue, int cycle) {
    try (SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null)) {
      return store == null ? -1 : store.writePosition();
    }
  }

  private static long align(long pos) {
    return (pos + 3) & ~3L;
  }

  private static int readInt(FileChannel ch, long pos) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        return 0; // past the end of a truncated file: nothing was written there
      }
    }
    return b.getInt(0);
  }

  static void write(FileChannel ch, long pos, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b, pos + b.position());
    }
  }

  static File cycleFile(SingleChronicleQueue queue, int cycle) {
    try (SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null)) {
      if (store == null) {
        throw new IllegalStateException("the journal has no cycle file for cycle " + cycle);
      }
      return store.file();
    }
  }
}
