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
 * encoding is a new method, never a change to an existing one.
 */
final class Fields {
  private Fields() {}

  /** Text: the stop-bit length of its UTF-8 bytes, then the bytes. */
  static void writeString(Bytes<?> out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeStopBit(b.length);
    out.write(b);
  }

  static String readString(Bytes<?> in) {
    long n = in.readStopBit();
    if (n < 0 || n > in.readRemaining()) {
      throw new CorruptCommitException("a text field claims " + n + " bytes");
    }
    byte[] b = new byte[(int) n];
    in.read(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static void writeLong(Bytes<?> out, long v) {
    out.writeStopBit(v);
  }

  static long readLong(Bytes<?> in) {
    return in.readStopBit();
  }

  static void writeInt(Bytes<?> out, int v) {
    out.writeStopBit(v);
  }

  static int readInt(Bytes<?> in) {
    return Math.toIntExact(in.readStopBit());
  }

  static void writeDigest(Bytes<?> out, Digest d) {
    out.writeLong(d.w0()).writeLong(d.w1()).writeLong(d.w2()).writeLong(d.w3());
  }

  static Digest readDigest(Bytes<?> in) {
    return new Digest(in.readLong(), in.readLong(), in.readLong(), in.readLong());
  }

  static void writeFlags(Bytes<?> out, Set<SystemFlag> flags) {
    out.writeStopBit(SystemFlag.toBits(flags));
  }

  static Set<SystemFlag> readFlags(Bytes<?> in) {
    return SystemFlag.fromBits(Math.toIntExact(in.readStopBit()));
  }

  static void writeStrings(Bytes<?> out, List<String> list) {
    out.writeStopBit(list.size());
    for (String s : list) {
      writeString(out, s);
    }
  }

  static List<String> readStrings(Bytes<?> in) {
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

  static List<Long> readLongs(Bytes<?> in) {
    int n = count(in);
    List<Long> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(in.readStopBit());
    }
    return list;
  }

  private static int count(Bytes<?> in) {
    long n = in.readStopBit();
    if (n < 0 || n > in.readRemaining()) {
      throw new CorruptCommitException("a list claims " + n + " entries");
    }
    return (int) n;
  }
}
