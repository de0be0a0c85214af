package dev.msgstore.journal.codec;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.SystemFlag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The field encodings every event codec is built from. Each is part of the persisted format: a new
 * encoding is a new method, never a change to an existing one. Events are written through
 * Chronicle's {@code Bytes} and read through {@link EventInput}, which reads the same bytes.
 */
final class Fields {
  private Fields() {}

  /** Text: the stop-bit length of its UTF-8 bytes, then the bytes. */
  static void writeString(Bytes<?> out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeStopBit(b.length);
    out.write(b);
  }

  static String readString(EventInput in) {
    long n = in.readStopBit();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptCommitException("a text field claims " + n + " bytes");
    }
    return in.readUtf8((int) n);
  }

  static void writeLong(Bytes<?> out, long v) {
    out.writeStopBit(v);
  }

  static long readLong(EventInput in) {
    return in.readStopBit();
  }

  static void writeInt(Bytes<?> out, int v) {
    out.writeStopBit(v);
  }

  static int readInt(EventInput in) {
    return Math.toIntExact(in.readStopBit());
  }

  static void writeDigest(Bytes<?> out, Digest d) {
    out.writeLong(d.w0()).writeLong(d.w1()).writeLong(d.w2()).writeLong(d.w3());
  }

  static Digest readDigest(EventInput in) {
    return new Digest(in.readLong(), in.readLong(), in.readLong(), in.readLong());
  }

  static void writeFlags(Bytes<?> out, Set<SystemFlag> flags) {
    out.writeStopBit(SystemFlag.toBits(flags));
  }

  static Set<SystemFlag> readFlags(EventInput in) {
    return SystemFlag.fromBits(Math.toIntExact(in.readStopBit()));
  }

  static void writeStrings(Bytes<?> out, List<String> list) {
    out.writeStopBit(list.size());
    for (String s : list) {
      writeString(out, s);
    }
  }

  static List<String> readStrings(EventInput in) {
    int n = count(in);
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(readString(in));
    }
    return list;
  }

  static void writeLongs(Bytes<?> out, List<Long> list) {
    out.writeStopBit(list.size());
    for (long v : list) {
      out.writeStopBit(v);
    }
  }

  static List<Long> readLongs(EventInput in) {
    int n = count(in);
    List<Long> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(in.readStopBit());
    }
    return list;
  }

  private static int count(EventInput in) {
    long n = in.readStopBit();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptCommitException("a list claims " + n + " entries");
    }
    return (int) n;
  }
}
