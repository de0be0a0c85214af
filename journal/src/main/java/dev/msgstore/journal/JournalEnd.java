package dev.msgstore.journal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Where the commit at {@code index} lies in the journal's files: its cycle file, where its document
 * starts (Chronicle's header) and where its payload ends, and the document's first bytes (the
 * header and our frame's version, length and CRC). With it a reader tells, in one small read and
 * without Chronicle, whose start-up is about a third of a short verb's, whether the journal still
 * ends with that commit: no newer cycle file, the same document where it was, and nothing after it
 * (Chronicle writes the next document, or the header of one being written, where this one ends).
 * Anything else (a commit, padding, a voided or half-written document, an end-of-cycle mark, a read
 * that fails) says no, and the reader opens the journal as always: the answer errs only toward
 * opening it.
 */
public record JournalEnd(long index, String cycleFile, long start, long end, byte[] head) {
  /** Chronicle's 4-byte header, then our frame's version (1), length (4) and CRC (4) bytes. */
  static final int HEAD = 13;

  /** Bytes after the end that must all be zero: the next header lies at the end, 4-aligned. */
  static final int AFTER = 64;

  public JournalEnd {
    head = head.clone();
  }

  @Override
  public byte[] head() {
    return head.clone();
  }

  /** Of the commit at {@code index}, read in {@code queue}; empty when it holds no such commit. */
  static Optional<JournalEnd> of(SingleChronicleQueue queue, long index) {
    long payload;
    long end;
    try (ExcerptTailer t = queue.createTailer()) {
      t.singleThreadedCheckDisabled(true);
      if (!t.moveToIndex(index)) {
        return Optional.empty();
      }
      try (DocumentContext dc = t.readingDocument()) {
        if (!dc.isPresent() || !dc.isData() || dc.index() != index) {
          return Optional.empty();
        }
        payload = dc.wire().bytes().readPosition();
        end = dc.wire().bytes().readLimit();
      }
    }
    File file = TornTail.cycleFile(queue, queue.rollCycle().toCycle(index));
    try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
      byte[] head = read(ch, payload - 4, HEAD);
      return head == null
          ? Optional.empty()
          : Optional.of(new JournalEnd(index, file.getName(), payload - 4, end, head));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether the journal in {@code dir} still ends with this commit (see the class comment). */
  public boolean stillEnds(Path dir) {
    try {
      try (DirectoryStream<Path> cycles = Files.newDirectoryStream(dir, "*.cq4")) {
        for (Path c : cycles) {
          // cycle files are named by their time (20261203F.cq4): a later cycle sorts after
          if (c.getFileName().toString().compareTo(cycleFile) > 0) {
            return false;
          }
        }
      }
      try (FileChannel ch = FileChannel.open(dir.resolve(cycleFile), StandardOpenOption.READ)) {
        byte[] now = read(ch, start, HEAD);
        byte[] after = read(ch, (end + 3) & ~3L, AFTER);
        if (now == null || after == null || !Arrays.equals(now, head)) {
          return false;
        }
        for (byte b : after) {
          if (b != 0) {
            return false;
          }
        }
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code n} bytes at {@code pos}, or null when the file ends before them. */
  private static byte[] read(FileChannel ch, long pos, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        return null;
      }
    }
    return b.array();
  }

  /** This end as bytes, for the projections to keep. */
  public byte[] toBytes() {
    byte[] name = cycleFile.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 * 3 + 2 + name.length + HEAD)
        .putLong(index)
        .putLong(start)
        .putLong(end)
        .putShort((short) name.length)
        .put(name)
        .put(head)
        .array();
  }

  /** The end {@link #toBytes} wrote; empty for anything else. */
  public static Optional<JournalEnd> fromBytes(ByteBuffer b) {
    try {
      ByteBuffer in = b.duplicate();
      long index = in.getLong();
      long start = in.getLong();
      long end = in.getLong();
      byte[] name = new byte[in.getShort()];
      in.get(name);
      byte[] head = new byte[HEAD];
      in.get(head);
      if (in.hasRemaining()) {
        return Optional.empty();
      }
      return Optional.of(
          new JournalEnd(index, new String(name, StandardCharsets.UTF_8), start, end, head));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
