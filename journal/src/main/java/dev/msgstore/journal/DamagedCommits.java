package dev.msgstore.journal;

import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.CommitCodec.Frame;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.event.Event;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * What {@code reconstruct} does with a damaged commit before the tail (docs/DURABILITY.md): looks
 * at it and what follows, and sets aside it and everything after it ("stop at it"). Skipping it
 * alone is {@link TornTail#voidDamaged}. The writes run under the queue's cross-process write lock.
 */
final class DamagedCommits {
  private record Place(int cycle, long payloadAt) {}

  private DamagedCommits() {}

  /**
   * The damaged commit at {@code index} and what follows it. Throws {@link NoSuchElementException}
   * when the journal has no commit there and {@link IllegalArgumentException} when it is not
   * damaged.
   */
  static DamagedCommit survey(SingleChronicleQueue queue, long index) {
    long previousMicros = -1;
    String why = null;
    long commits = 0;
    long damaged = 0;
    long first = -1;
    long last = -1;
    TreeMap<String, Long> events = new TreeMap<>();
    try (ExcerptTailer t = queue.createTailer()) {
      t.singleThreadedCheckDisabled(true);
      for (; ; ) {
        try (DocumentContext dc = t.readingDocument()) {
          if (!dc.isPresent()) {
            break;
          }
          if (!dc.isData()) {
            continue;
          }
          long at = dc.index();
          long payloadAt = dc.wire().bytes().readPosition();
          long length = dc.wire().bytes().readRemaining();
          Frame f = CommitCodec.read(at, dc.wire().bytes());
          if (at < index) {
            if (f instanceof Frame.Intact i) {
              previousMicros = i.commit().meta().timeMicros();
            }
          } else if (at == index) {
            why = headerDamage(queue, index, payloadAt, length, f);
            why = why != null ? why : whyDamaged(index, f);
          } else if (why == null) {
            break; // the index is not a document of this journal (a gap between cycles)
          } else {
            switch (f) {
              case Frame.Intact i -> {
                commits++;
                long micros = i.commit().meta().timeMicros();
                first = first < 0 ? micros : first;
                last = micros;
                for (Event e : i.commit().events()) {
                  events.merge(EventRegistry.of(e).name(), 1L, Long::sum);
                }
              }
              case Frame.Damaged d -> damaged++;
              case Frame.Voided v -> {}
            }
          }
        }
      }
    }
    if (why == null) {
      why = TornTail.flaggedCommitAfter(queue, index, -1, false).orElse(null);
    }
    if (why == null) {
      throw new NoSuchElementException(
          "the journal has no commit at index " + CommitCodec.hex(index));
    }
    return new DamagedCommit(
        index,
        why,
        previousMicros,
        new DamagedCommit.Following(commits, damaged, first, last, events));
  }

  /** Why the document at {@code index} is an intact commit behind a damaged header, or null. */
  private static String headerDamage(
      SingleChronicleQueue queue, long index, long payloadAt, long length, Frame f) {
    if (!(f instanceof Frame.Damaged)) {
      return TornTail.flaggedCommitAfter(queue, index, payloadAt - 4, false).orElse(null);
    }
    File file = TornTail.cycleFile(queue, queue.rollCycle().toCycle(index));
    try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
      int frame = FrameCheck.intactFrameLength(ch, payloadAt);
      return frame > 0 && frame != length ? FrameCheck.why(length, frame) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + file, e);
    }
  }

  private static String whyDamaged(long index, Frame f) {
    return switch (f) {
      case Frame.Damaged d -> d.why();
      case Frame.Intact i ->
          throw new IllegalArgumentException(
              "the commit at index " + CommitCodec.hex(index) + " is not damaged");
      case Frame.Voided v ->
          throw new IllegalArgumentException(
              "the commit at index " + CommitCodec.hex(index) + " is voided already");
    };
  }

  /**
   * Voids the damaged commit at {@code index} and every document after it that is not voided
   * already, in place as a torn tail is voided, and returns how many it voided. Each keeps its
   * length and all but its first two bytes, so an intact one set aside can still be read by hand.
   */
  static long voidFrom(SingleChronicleQueue queue, long index) {
    survey(queue, index); // refuses an index that is not a damaged commit
    List<Place> places = new ArrayList<>();
    try (ExcerptTailer t = queue.createTailer()) {
      t.singleThreadedCheckDisabled(true);
      if (!t.moveToIndex(index)) {
        throw new NoSuchElementException(
            "the journal has no commit at index " + CommitCodec.hex(index));
      }
      for (; ; ) {
        try (DocumentContext dc = t.readingDocument()) {
          if (!dc.isPresent()) {
            break;
          }
          if (!dc.isData()) {
            continue;
          }
          long payloadAt = dc.wire().bytes().readPosition();
          if (!(CommitCodec.read(dc.index(), dc.wire().bytes()) instanceof Frame.Voided)) {
            places.add(new Place(queue.rollCycle().toCycle(dc.index()), payloadAt));
          }
        }
      }
    }
    // Later documents first: should this be cut short, the damaged commit still stops readers.
    for (Place p : places.reversed()) {
      File file = TornTail.cycleFile(queue, p.cycle());
      try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
        TornTail.write(
            ch,
            p.payloadAt(),
            new byte[] {(byte) CommitCodec.VOID, (byte) CommitCodec.VOID_STOPPED});
        ch.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot void the commits in " + file, e);
      }
    }
    return places.size();
  }
}
