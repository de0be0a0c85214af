package dev.msgstore.journal;

import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.CommitCodec.Frame;
import dev.msgstore.journal.codec.CorruptCommitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * Reads commits back where a reader found them before ({@link JournalCursor#position()}: the cycle
 * file follows from the index, the offset was kept), with a plain file read and no Chronicle queue:
 * opening the queue costs a short verb more than reading a hundred commits. Each document's
 * Chronicle header word (its length, with the "not complete" and "metadata" bits) must say a
 * complete commit of that length, and the commit's own frame its length and CRC32C, as {@link
 * CommitCodec} reads it; anything else is a commit damaged since it was found.
 *
 * <p>The journal's cycles are Chronicle's fast daily ones: a cycle is a UTC day (days since the
 * epoch, the index's high half) in a file named {@code yyyyMMddF.cq4}.
 */
public final class CommitFrames implements AutoCloseable {
  /** What a first read takes: most commits are smaller, the rest need a second read. */
  private static final int FIRST_READ = 512;

  private final Path dir;
  private FileChannel channel;
  private int channelCycle = Integer.MIN_VALUE;
  private final ByteBuffer first = ByteBuffer.allocate(FIRST_READ).order(ByteOrder.LITTLE_ENDIAN);

  /** Reads in the journal directory {@code dir}. */
  public CommitFrames(Path dir) {
    this.dir = dir;
  }

  /** The cycle file name of the commit at {@code index}: {@code 20261203F.cq4}. */
  public static String cycleFileName(long index) {
    LocalDate day = LocalDate.ofEpochDay(index >>> 32);
    StringBuilder b = new StringBuilder(13);
    b.append(day.getYear());
    if (day.getMonthValue() < 10) {
      b.append('0');
    }
    b.append(day.getMonthValue());
    if (day.getDayOfMonth() < 10) {
      b.append('0');
    }
    return b.append(day.getDayOfMonth()).append("F.cq4").toString();
  }

  /**
   * The commit at {@code index}, whose payload starts at {@code payloadAt} in its cycle file; null
   * when its cycle file is no longer in the journal directory (archived) or the document was voided
   * since (a reader passes over voided documents). Throws {@link CorruptCommitException} when the
   * document there is not a complete, intact commit.
   */
  public Commit read(long index, long payloadAt) {
    FileChannel ch = channel((int) (index >>> 32));
    if (ch == null) {
      return null;
    }
    try {
      first.clear();
      long at = payloadAt - 4;
      while (first.hasRemaining()) {
        if (ch.read(first, at + first.position()) < 0) {
          break;
        }
      }
      if (first.position() < 4) {
        throw CorruptCommitException.damaged(index, "the journal ends before it");
      }
      int header = first.getInt(0);
      if ((header & (TornTail.NOT_COMPLETE | TornTail.META_DATA)) != 0) {
        throw CorruptCommitException.damaged(
            index, "its Chronicle header no longer says a complete commit");
      }
      int length = header & TornTail.LENGTH_MASK;
      byte[] payload = new byte[length];
      int have = Math.min(length, first.position() - 4);
      first.get(4, payload, 0, have);
      if (have < length) {
        ByteBuffer rest = ByteBuffer.wrap(payload, have, length - have);
        while (rest.hasRemaining()) {
          if (ch.read(rest, payloadAt + rest.position()) < 0) {
            throw CorruptCommitException.damaged(index, "the journal ends inside it");
          }
        }
      }
      return switch (CommitCodec.read(index, payload)) {
        case Frame.Intact i -> i.commit();
        case Frame.Voided v -> null;
        case Frame.Damaged d -> throw CorruptCommitException.damaged(index, d.why());
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + dir, e);
    }
  }

  private FileChannel channel(int cycle) {
    if (channel != null && channelCycle == cycle) {
      return channel;
    }
    close();
    try {
      channel =
          FileChannel.open(dir.resolve(cycleFileName((long) cycle << 32)), StandardOpenOption.READ);
      channelCycle = cycle;
      return channel;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal in " + dir, e);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the journal in " + dir, e);
      } finally {
        channel = null;
        channelCycle = Integer.MIN_VALUE;
      }
    }
  }
}
