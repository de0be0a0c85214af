package dev.msgstore.journal.codec;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.event.Event;
import java.util.Arrays;
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
   * Writes one framed commit. {@code scratch} is a heap buffer the caller reuses: the whole
   * document is encoded there first, its frame's length and checksum filled in once the body is,
   * and copied into {@code out} in one piece.
   */
  public static void encode(
      CommitMeta meta,
      long durableUpTo,
      List<? extends Event> events,
      EventOutput scratch,
      Bytes<?> out) {
    encode(meta, durableUpTo, events, scratch);
    out.write(scratch.array(), 0, scratch.position());
  }

  /** Encodes one framed commit into {@code document}, emptied first: all of it is the document. */
  public static void encode(
      CommitMeta meta, long durableUpTo, List<? extends Event> events, EventOutput document) {
    document.clear();
    document.writeUnsignedByte(FORMAT).writeInt(0).writeInt(0); // the frame, filled in below
    document.writeLong(durableUpTo);
    document.writeLong(meta.timeMicros());
    Fields.writeString(document, meta.actor());
    Fields.writeString(document, meta.origin());
    Fields.writeString(document, meta.host());
    document.writeStopBit(meta.pid());
    document.writeStopBit(events.size());
    for (Event e : events) {
      encodeEvent(e, document);
    }
    int length = document.position() - FRAME_HEADER;
    CRC32C crc = new CRC32C();
    crc.update(document.array(), FRAME_HEADER, length);
    document.writeInt(1, length);
    document.writeInt(5, (int) crc.getValue());
  }

  public static void encodeEvent(Event e, EventOutput out) {
    EventType<?> type = EventRegistry.of(e);
    out.writeStopBit(type.tag());
    out.writeUnsignedByte(type.version());
    int lengthAt = out.position();
    out.writeInt(0);
    int start = out.position();
    type.write(e, out);
    out.writeInt(lengthAt, out.position() - start);
  }

  /** Every event of a commit decoded. */
  public static final Predicate<EventType<?>> ALL_EVENTS = t -> true;

  /**
   * Reads the document {@code in} holds from its read position to its limit (all of it is read),
   * without throwing: what it holds, or why it cannot be trusted.
   */
  public static Frame read(long index, Bytes<?> in) {
    byte[] document = new byte[Math.toIntExact(in.readRemaining())];
    in.read(document);
    return read(index, document);
  }

  /** Reads the document {@code document} (all of the array). */
  public static Frame read(long index, byte[] document) {
    return read(index, document, 0, document.length, ALL_EVENTS);
  }

  /**
   * Reads the document {@code document[from, to)} without throwing: what it holds, or why it cannot
   * be trusted. Only the events whose type {@code decode} accepts are decoded and kept in the
   * commit (the others are checked as framed, by their length, and passed over): a reader that
   * looks for a few event types does not pay for decoding every commit in full. The commit's
   * checksum is checked all the same. No Chronicle class is used: the array may be reused once this
   * returns.
   */
  public static Frame read(
      long index, byte[] document, int from, int to, Predicate<EventType<?>> decode) {
    if (to - from < 1) {
      return new Frame.Damaged("empty document");
    }
    EventInput in = new EventInput(document, from + 1, to);
    int format = document[from] & 0xff;
    try {
      return switch (format) {
        case FORMAT -> readFramed(index, document, in, decode);
        case FORMAT_UNFRAMED -> new Frame.Intact(decodeBody(index, in, false, decode), -1);
        case VOID -> new Frame.Voided(in.remaining() > 0 ? in.readUnsignedByte() : 0);
        default -> new Frame.Damaged("unknown commit format " + format);
      };
    } catch (CorruptCommitException | IllegalArgumentException | IllegalStateException e) {
      return new Frame.Damaged(e.getMessage());
    } catch (RuntimeException e) {
      // what else bytes no writer wrote can make a reader throw: a number out of its field's
      // range (Math.toIntExact), an event's own record refusing a value; damage, not a crash
      return new Frame.Damaged(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Frame readFramed(
      long index, byte[] document, EventInput in, Predicate<EventType<?>> decode) {
    if (in.remaining() < FRAME_HEADER - 1) {
      return new Frame.Damaged("frame header cut short");
    }
    int length = in.readInt();
    int expected = in.readInt();
    if (length < 16 || length != in.remaining()) {
      return new Frame.Damaged(
          "frame claims " + length + " bytes, the document holds " + in.remaining());
    }
    CRC32C crc = new CRC32C();
    crc.update(document, in.position(), length);
    if ((int) crc.getValue() != expected) {
      return new Frame.Damaged("checksum mismatch");
    }
    long durableUpTo = in.readLong();
    return new Frame.Intact(decodeBody(index, in, true, decode), durableUpTo);
  }

  private static Commit decodeBody(
      long index, EventInput in, boolean framed, Predicate<EventType<?>> decode) {
    CommitMeta meta =
        new CommitMeta(
            in.readLong(),
            Fields.readString(in),
            Fields.readString(in),
            Fields.readString(in),
            in.readStopBit());
    long n = in.readStopBit();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptCommitException("commit at index " + index + " claims " + n + " events");
    }
    Event[] events = new Event[(int) n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      Event e = decodeEvent(in, decode);
      if (e != null) {
        events[kept++] = e;
      }
    }
    if (framed && in.remaining() != 0) {
      throw new CorruptCommitException(
          "commit at index " + index + " left " + in.remaining() + " bytes");
    }
    // Commit's List.copyOf keeps an unmodifiable list as it is
    return new Commit(
        index,
        meta,
        kept == events.length ? List.of(events) : List.of(Arrays.copyOf(events, kept)));
  }

  /** The event {@code in} holds from its read position (for the tests of the format). */
  public static Event decodeEvent(Bytes<?> in) {
    byte[] b = new byte[Math.toIntExact(in.readRemaining())];
    in.read(b);
    return decodeEvent(new EventInput(b, 0, b.length), ALL_EVENTS);
  }

  /** The next event, or null (and passed over) when {@code decode} does not accept its type. */
  private static Event decodeEvent(EventInput in, Predicate<EventType<?>> decode) {
    int tag = Math.toIntExact(in.readStopBit());
    int version = in.readUnsignedByte();
    int length = in.readInt();
    EventType<?> type = EventRegistry.byTag(tag);
    int start = in.position();
    if (length < 0 || length > in.remaining()) {
      throw new CorruptCommitException(type.name() + " claims " + length + " bytes");
    }
    if (decode != ALL_EVENTS && !decode.test(type)) {
      in.skip(length);
      return null;
    }
    int limit = in.limit();
    in.limit(start + length);
    Event e = EventRegistry.read(type, version, in);
    if (in.remaining() != 0) {
      throw new CorruptCommitException(type.name() + " left " + in.remaining() + " bytes");
    }
    in.limit(limit);
    return e;
  }
}
