package dev.msgstore.journal;

import dev.msgstore.journal.codec.CommitCodec;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads commits in order from a position. Not thread-safe: one reader, one cursor. A commit being
 * written (or torn by a crash) is not returned: {@link #next()} stops before it.
 */
public final class JournalCursor implements AutoCloseable {
  private final ExcerptTailer tailer;

  JournalCursor(ExcerptTailer tailer) {
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
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return null;
      }
      if (!dc.isData()) {
        return next();
      }
      return CommitCodec.decode(dc.index(), dc.wire().bytes());
    }
  }

  @Override
  public void close() {
    tailer.close();
  }
}
