package dev.msgstore.journal.codec;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The layout of one journal document. Format 2, written now, is a frame: {@code [2][length
 * i32][crc32c i32][body]}, where the body is {@code [durableUpTo i64][time i64][actor][origin]
 * [host][pid][count]} then, per event, {@code [tag][version u8][length i32][payload]}. The frame
 * tells a torn or damaged document from a good one; {@code durableUpTo}, the last index the writer
 * knew to be durable, tells a torn tail (never acknowledged) from damage to an acknowledged commit.
 * Format 1 (journals written before frames) is the same body without the frame and {@code
 * durableUpTo}. A voided document starts with {@link #VOID}: readers pass over it.
 */
public final class CommitCodec {
  static final int FORMAT_UNFRAMED = 1;
  static final int FORMAT = 2;

  /** The first byte of a document voided by a repair; the next byte says why. */
  public static final int VOID = 0xFF;

  public static final int VOID_TORN = 1;
  public static final int VOID_SKIPPED = 2;

  /** Set aside by {@code reconstruct --stop-at-commit}: intact, but after a damaged commit. */
  public static final int VOID_STOPPED = 3;

  private static final int FRAME_HEADER = 9;

  private CommitCodec() {}

  /** An index as every message about a commit writes it, and {@code reconstruct} reads it. */
  public static String hex(long index) {
    return "0x" + Long.toHexString(index);
  }

  /** What a document holds. */
  public sealed interface Frame {
    record Intact(Commit commit, long durableUpTo) implements Frame {}

    record Voided(int reason) implements Frame {}

    record Damaged(String why) implements Frame {}
  }

  /**
   * Writes one framed commit. {@code scratch} is a heap buffer the caller reuses: the body is
   * encoded there first so that its length and checksum precede it in the document.
   */
  public static void encode(
      CommitMeta meta,
      long durableUpTo,
      List<? extends Event> events,
      Bytes<byte[]> scratch,
      Bytes<?> out) {
    scratch.clear();
    scratch.writeLong(durableUpTo);
    scratch.writeLong(meta.timeMicros());
    Fields.writeString(scratch, meta.actor());
    Fields.writeString(scratch, meta.origin());
    Fields.writeString(scratch, meta.host());
    scratch.writeStopBit(meta.pid());
    scratch.writeStopBit(events.size());
    for (Event e : events) {
      encodeEvent(e, scratch);
    }
    int length = Math.toIntExact(scratch.writePosition());
    byte[] body = scratch.underlyingObject();
    CRC32C crc = new CRC32C();
    crc.update(body, 0, length);
    out.writeUnsignedByte(FORMAT);
    out.writeInt(length);
    out.writeInt((int) crc.getValue());
    out.write(body, 0, length);
  }

  public static void encodeEvent(Event e, Bytes<?> out) {
    EventType<?> type = EventRegistry.of(e);
    out.writeStopBit(type.tag());
    out.writeUnsignedByte(type.version());
    long lengthAt = out.writePosition();
    out.writeInt(0);
    long start = out.writePosition();
    type.write(e, out);
    out.writeInt(lengthAt, Math.toIntExact(out.writePosition() - start));
  }

  /** Every event of a commit decoded. */
  public static final Predicate<EventType<?>> ALL_EVENTS = t -> true;

  /** Reads a document without throwing: what it holds, or why it cannot be trusted. */
  public static Frame read(long index, Bytes<?> in) {
    return read(index, in, ALL_EVENTS);
  }

  /**
   * As {@link #read(long, Bytes)}, with only the events whose type {@code decode} accepts decoded
   * and kept in the commit (the others are checked as framed, by their length, and passed over): a
   * reader that looks for a few event types does not pay for decoding every commit in full. The
   * commit's checksum is checked all the same.
   */
  public static Frame read(long index, Bytes<?> in, Predicate<EventType<?>> decode) {
    long remaining = in.readRemaining();
    if (remaining < 1) {
      return new Frame.Damaged("empty document");
    }
    int format = in.readUnsignedByte();
    try {
      return switch (format) {
        case FORMAT -> readFramed(index, in, decode);
        case FORMAT_UNFRAMED -> new Frame.Intact(decodeBody(index, in, false, decode), -1);
        case VOID -> new Frame.Voided(in.readRemaining() > 0 ? in.readUnsignedByte() : 0);
        default -> new Frame.Damaged("unknown commit format " + format);
      };
    } catch (CorruptCommitException | IllegalArgumentException | IllegalStateException e) {
      return new Frame.Damaged(e.getMessage());
    } catch (RuntimeException e) {
      // Chronicle's Bytes throw their own unchecked exceptions on reads past the limit.
      return new Frame.Damaged(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Frame readFramed(long index, Bytes<?> in, Predicate<EventType<?>> decode) {
    if (in.readRemaining() < FRAME_HEADER - 1) {
      return new Frame.Damaged("frame header cut short");
    }
    int length = in.readInt();
    int expected = in.readInt();
    if (length < 16 || length != in.readRemaining()) {
      return new Frame.Damaged(
          "frame claims " + length + " bytes, the document holds " + in.readRemaining());
    }
    byte[] body = new byte[length];
    in.read(body);
    CRC32C crc = new CRC32C();
    crc.update(body, 0, length);
    if ((int) crc.getValue() != expected) {
      return new Frame.Damaged("checksum mismatch");
    }
    Bytes<byte[]> b = Bytes.wrapForRead(body);
    long durableUpTo = b.readLong();
    return new Frame.Intact(decodeBody(index, b, true, decode), durableUpTo);
  }

  /** Decodes a document, throwing {@link CorruptCommitException} if it is not an intact commit. */
  public static Commit decode(long index, Bytes<?> in) {
    return switch (read(index, in)) {
      case Frame.Intact i -> i.commit();
      case Frame.Voided v ->
          throw new CorruptCommitException("the document at index " + index + " is voided");
      case Frame.Damaged d ->
          throw new CorruptCommitException("commit at index " + index + ": " + d.why());
    };
  }

  private static Commit decodeBody(
      long index, Bytes<?> in, boolean framed, Predicate<EventType<?>> decode) {
    CommitMeta meta =
        new CommitMeta(
            in.readLong(),
            Fields.readString(in),
            Fields.readString(in),
            Fields.readString(in),
            in.readStopBit());
    long n = in.readStopBit();
    if (n < 0 || n > in.readRemaining()) {
      throw new CorruptCommitException("commit at index " + index + " claims " + n + " events");
    }
    List<Event> events = new ArrayList<>(decode == ALL_EVENTS ? (int) n : 0);
    for (int i = 0; i < n; i++) {
      Event e = decodeEvent(in, decode);
      if (e != null) {
        events.add(e);
      }
    }
    if (framed && in.readRemaining() != 0) {
      throw new CorruptCommitException(
          "commit at index " + index + " left " + in.readRemaining() + " bytes");
    }
    return new Commit(index, meta, events);
  }

  public static Event decodeEvent(Bytes<?> in) {
    return decodeEvent(in, ALL_EVENTS);
  }

  /** The next event, or null (and passed over) when {@code decode} does not accept its type. */
  private static Event decodeEvent(Bytes<?> in, Predicate<EventType<?>> decode) {
    int tag = Math.toIntExact(in.readStopBit());
    int version = in.readUnsignedByte();
    int length = in.readInt();
    EventType<?> type = EventRegistry.byTag(tag);
    long start = in.readPosition();
    if (length < 0 || length > in.readRemaining()) {
      throw new CorruptCommitException(type.name() + " claims " + length + " bytes");
    }
    if (!decode.test(type)) {
      in.readPosition(start + length);
      return null;
    }
    long limit = in.readLimit();
    in.readLimit(start + length);
    try {
      Event e = type.reader().read(version, in);
      if (in.readRemaining() != 0) {
        throw new CorruptCommitException(type.name() + " left " + in.readRemaining() + " bytes");
      }
      return e;
    } finally {
      in.readLimit(limit);
      in.readPosition(start + length);
    }
  }
}
