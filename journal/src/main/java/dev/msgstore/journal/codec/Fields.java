package dev.msgstore.journal.codec;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.SystemFlag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The field encodings every event codec is built from. Each is part of the persisted format: a new
 * encoding is a new method, never a change to an existing one. Events are written through {@link
 * EventOutput} and read through {@link EventInput}, both in Chronicle's encodings (journals written
 * through Chronicle's {@code Bytes} read the same).
 */
final class Fields {
  private Fields() {}

  /** Text: the stop-bit length of its UTF-8 bytes, then the bytes. */
  static void writeString(EventOutput out, String s) {
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

  static void writeLong(EventOutput out, long v) {
    out.writeStopBit(v);
  }

  static long readLong(EventInput in) {
    return in.readStopBit();
  }

  static void writeInt(EventOutput out, int v) {
    out.writeStopBit(v);
  }

  static int readInt(EventInput in) {
    return Math.toIntExact(in.readStopBit());
  }

  static void writeDigest(EventOutput out, Digest d) {
    out.writeLong(d.w0()).writeLong(d.w1()).writeLong(d.w2()).writeLong(d.w3());
  }

  static Digest readDigest(EventInput in) {
    return new Digest(in.readLong(), in.readLong(), in.readLong(), in.readLong());
  }

  static void writeFlags(EventOutput out, Set<SystemFlag> flags) {
    out.writeStopBit(SystemFlag.toBits(flags));
  }

  static Set<SystemFlag> readFlags(EventInput in) {
    return SystemFlag.setOf(Math.toIntExact(in.readStopBit()));
  }

  static void writeStrings(EventOutput out, List<String> list) {
    out.writeStopBit(list.size());
    for (String s : list) {
      writeString(out, s);
    }
  }

  /** Unmodifiable, which the events' {@code List.copyOf} keep as they are. */
  static List<String> readStrings(EventInput in) {
    int n = count(in);
    if (n == 0) {
      return List.of();
    }
    String[] list = new String[n];
    for (int i = 0; i < n; i++) {
      list[i] = readString(in);
    }
    return List.of(list);
  }

  static void writeLongs(EventOutput out, List<Long> list) {
    out.writeStopBit(list.size());
    for (long v : list) {
      out.writeStopBit(v);
    }
  }

  /** Immutable, as {@link #readStrings}: the events keep it as it is instead of copying it. */
  static List<Long> readLongs(EventInput in) {
    int n = count(in);
    if (n == 0) {
      return List.of();
    }
    Long[] list = new Long[n];
    for (int i = 0; i < n; i++) {
      list[i] = in.readStopBit();
    }
    return List.of(list);
  }

  private static int count(EventInput in) {
    long n = in.readStopBit();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptCommitException("a list claims " + n + " entries");
    }
    return (int) n;
  }
}
