package dev.msgstore.journal.codec;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.event.Event;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The layout of one journal document: {@code [format u8][time i64][actor][origin][host][pid]
 * [count]} then, per event, {@code [tag][version u8][length i32][payload]}. The length lets a
 * reader check each payload was consumed exactly.
 */
public final class CommitCodec {
  static final int FORMAT = 1;

  private CommitCodec() {}

  public static void encode(CommitMeta meta, List<? extends Event> events, Bytes<?> out) {
    out.writeUnsignedByte(FORMAT);
    out.writeLong(meta.timeMicros());
    Fields.writeString(out, meta.actor());
    Fields.writeString(out, meta.origin());
    Fields.writeString(out, meta.host());
    out.writeStopBit(meta.pid());
    out.writeStopBit(events.size());
    for (Event e : events) {
      encodeEvent(e, out);
    }
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

  public static Commit decode(long index, Bytes<?> in) {
    int format = in.readUnsignedByte();
    if (format != FORMAT) {
      throw new CorruptCommitException("unknown commit format " + format + " at index " + index);
    }
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
    List<Event> events = new ArrayList<>((int) n);
    for (int i = 0; i < n; i++) {
      events.add(decodeEvent(in));
    }
    return new Commit(index, meta, events);
  }

  public static Event decodeEvent(Bytes<?> in) {
    int tag = Math.toIntExact(in.readStopBit());
    int version = in.readUnsignedByte();
    int length = in.readInt();
    EventType<?> type = EventRegistry.byTag(tag);
    long start = in.readPosition();
    if (length < 0 || length > in.readRemaining()) {
      throw new CorruptCommitException(type.name() + " claims " + length + " bytes");
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
