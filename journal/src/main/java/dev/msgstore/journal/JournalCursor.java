package dev.msgstore.journal;

import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.CommitCodec.Frame;
import dev.msgstore.journal.codec.CorruptCommitException;
import dev.msgstore.journal.codec.EventType;
import java.util.function.Predicate;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads commits in order from a position. Not thread-safe: one reader, one cursor. A commit being
 * written is not returned, nor is a torn tail (a damaged document no later writer knew durable):
 * {@link #next()} stops before it until a writer voids it. Voided documents are passed over. A
 * damaged commit before the tail is corruption: {@link #next()} throws, naming its index. The end
 * of an older cycle file is its end, marked or not: the cursor goes on in the next one.
 */
public final class JournalCursor implements AutoCloseable {
  private final Journal journal;
  private final ExcerptTailer tailer;

  /** The last commit read, and where its document ends: where a reader that stops looks. */
  private long lastIndex = Journal.NO_INDEX;

  private long lastEnd;

  /** Where the last commit read lies in its cycle file: the offset of its payload. */
  private long lastPayload = -1;

  /** Where the last look for a whole commit behind a "not complete" header was made. */
  private long checkedEnd = -1;

  /**
   * A heap copy of the document being read, reused: the commit's checksum and decoding read it
   * there, without Chronicle's classes (see {@link dev.msgstore.journal.codec.EventInput}).
   */
  private byte[] document = new byte[4096];

  JournalCursor(Journal journal, ExcerptTailer tailer) {
    this.journal = journal;
    this.tailer = tailer;
    tailer.singleThreadedCheckDisabled(true);
  }

  /** Positions the cursor so that the next commit read is the one after {@code index}. */
  public void seekAfter(long index) {
    if (index == Journal.NO_INDEX) {
      tailer.toStart();
      return;
    }
    if (!tailer.moveToIndex(index)) {
      throw new IllegalStateException(
          "the journal has no commit at index " + Long.toHexString(index));
    }
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        throw new IllegalStateException(
            "the journal has no commit at index " + Long.toHexString(index));
      }
    }
  }

  /** The next complete commit, or null when there is none yet. */
  public Commit next() {
    return next(CommitCodec.ALL_EVENTS);
  }

  /**
   * The next complete commit with only the events whose type {@code decode} accepts (see {@link
   * CommitCodec#read(long, byte[], int, int, Predicate)}), or null when there is none yet.
   */
  public Commit next(Predicate<EventType<?>> decode) {
    for (; ; ) {
      boolean atEnd;
      try (DocumentContext dc = tailer.readingDocument(true)) {
        atEnd = !dc.isPresent();
        if (!atEnd && dc.isMetaData()) {
          Bytes<?> b = dc.wire().bytes();
          // Chronicle's own metadata never starts with our format byte; a commit whose header
          // lost its data flag does, and would otherwise be passed over in silence
          if (b.readRemaining() > 9 && b.peekUnsignedByte() == 2) {
            String why = journal.damagedHeader(dc.index(), b.readPosition(), -1);
            if (why != null) {
              throw CorruptCommitException.damaged(dc.index(), why);
            }
          }
        } else if (!atEnd) {
          long index = dc.index();
          Bytes<?> b = dc.wire().bytes();
          long payloadAt = b.readPosition();
          int length = Math.toIntExact(b.readRemaining());
          if (document.length < length) {
            document = new byte[Math.max(length, 2 * document.length)];
          }
          b.read(document, 0, length);
          switch (CommitCodec.read(index, document, 0, length, decode)) {
            case Frame.Intact i -> {
              journal.read(index);
              lastIndex = index;
              lastEnd = payloadAt + length;
              lastPayload = payloadAt;
              return i.commit();
            }
            case Frame.Voided v -> {}
            case Frame.Damaged d -> {
              dc.rollbackOnClose(); // stay before it: a writer may void it, then it is passed over
              String header = journal.damagedHeader(index, payloadAt, length);
              if (header != null) {
                throw CorruptCommitException.damaged(index, header);
              }
              if (journal.isTornTail(index)) {
                return null;
              }
              throw CorruptCommitException.damaged(index, d.why());
            }
          }
        }
      }
      if (atEnd && !journal.pastUnmarkedCycleEnd(tailer)) {
        String why =
            lastEnd == checkedEnd ? null : journal.wholeCommitNotComplete(lastIndex, lastEnd);
        checkedEnd = lastEnd;
        if (why != null) {
          throw CorruptCommitException.damaged(lastIndex + 1, why);
        }
        return null;
      }
    }
  }

  /**
   * Where the last commit {@link #next()} returned lies in its cycle file (the offset of its
   * payload, after Chronicle's 4-byte header): what {@link CommitFrames} reads it back from,
   * without Chronicle. -1 before the first.
   */
  public long position() {
    return lastPayload;
  }

  /**
   * Moves past the commit at {@code index} without decoding it, when it is the next document: for
   * the writer that has just written it and applies what it holds already. Returns false, and stays
   * where it was, when the next document is anything else.
   */
  public boolean skip(long index) {
    try (DocumentContext dc = tailer.readingDocument(true)) {
      if (!dc.isPresent() || dc.isMetaData() || dc.index() != index) {
        dc.rollbackOnClose();
        return false;
      }
      Bytes<?> b = dc.wire().bytes();
      journal.read(index);
      lastIndex = index;
      lastEnd = b.readPosition() + b.readRemaining();
      return true;
    }
  }

  @Override
  public void close() {
    tailer.close();
  }
}
