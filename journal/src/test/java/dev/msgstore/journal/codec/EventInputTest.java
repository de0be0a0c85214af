package dev.msgstore.journal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.msgstore.journal.event.MessageEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** {@link EventInput} reads what Chronicle's {@code Bytes} wrote, field by field. */
class EventInputTest {
  private static List<Long> numbers() {
    List<Long> v = new ArrayList<>();
    long[] edges = {
      0, 1, 127, 128, 16_383, 16_384, -1, -2, -128, -129, Long.MAX_VALUE, Long.MIN_VALUE
    };
    for (long e : edges) {
      v.add(e);
    }
    for (int bits = 0; bits < 64; bits++) {
      v.add(1L << bits);
      v.add((1L << bits) - 1);
      v.add(-(1L << bits));
    }
    SplittableRandom r = new SplittableRandom(18);
    for (int i = 0; i < 2_000; i++) {
      v.add(r.nextLong() >> r.nextInt(64));
    }
    return v;
  }

  private static EventInput input(Bytes<?> b) {
    byte[] a = b.toByteArray();
    return new EventInput(a, 0, a.length);
  }

  @Test
  void readsChroniclesStopBitNumbers() {
    Bytes<?> b = Bytes.allocateElasticOnHeap(64);
    List<Long> numbers = numbers();
    numbers.forEach(b::writeStopBit);
    EventInput in = input(b);
    for (long n : numbers) {
      assertEquals(n, in.readStopBit());
    }
    assertEquals(0, in.remaining());
  }

  @Test
  void readsChroniclesFixedWidthIntegersAndText() {
    Bytes<?> b = Bytes.allocateElasticOnHeap(64);
    List<Long> numbers = numbers();
    for (long n : numbers) {
      b.writeLong(n).writeInt((int) n).writeUnsignedByte((int) n & 0xff);
    }
    byte[] text = "Caf\u00e9 \u2603".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    b.writeStopBit(text.length).write(text);
    EventInput in = input(b);
    for (long n : numbers) {
      assertEquals(n, in.readLong());
      assertEquals((int) n, in.readInt());
      assertEquals((int) n & 0xff, in.readUnsignedByte());
    }
    assertEquals("Caf\u00e9 \u2603", Fields.readString(in));
    assertEquals(0, in.remaining());
  }

  @Test
  void aReadPastTheLimitIsACorruptCommit() {
    Bytes<?> b = Bytes.allocateElasticOnHeap(64);
    b.writeStopBit(1L << 40);
    byte[] a = b.toByteArray();
    assertThrows(CorruptCommitException.class, () -> new EventInput(a, 0, 3).readStopBit());
    assertThrows(CorruptCommitException.class, () -> new EventInput(a, 0, 3).readInt());
    assertThrows(CorruptCommitException.class, () -> new EventInput(a, 0, 7).readLong());
    assertThrows(CorruptCommitException.class, () -> new EventInput(a, 0, 0).readUnsignedByte());
  }

  /** As Chronicle's, a number longer than any long written takes is refused, not wrapped round. */
  @Test
  void aStopBitNumberOfTooManyBytesIsACorruptCommit() {
    byte[] positive = new byte[10];
    Arrays.fill(positive, (byte) 0x80);
    positive[9] = 1;
    assertThrows(CorruptCommitException.class, () -> new EventInput(positive, 0, 10).readStopBit());
    byte[] negative = new byte[11];
    Arrays.fill(negative, (byte) 0x80);
    negative[10] = 0;
    assertThrows(CorruptCommitException.class, () -> new EventInput(negative, 0, 11).readStopBit());
    // the longest of each sign still reads
    assertEquals(
        Long.MAX_VALUE,
        input(Bytes.allocateElasticOnHeap(16).writeStopBit(Long.MAX_VALUE)).readStopBit());
    assertEquals(
        Long.MIN_VALUE,
        input(Bytes.allocateElasticOnHeap(16).writeStopBit(Long.MIN_VALUE)).readStopBit());
  }

  @Test
  void eventOutputWritesWhatChronicleWrites() {
    Bytes<?> chronicle = Bytes.allocateElasticOnHeap(64);
    EventOutput out = new EventOutput(1); // grows as it goes
    for (long n : numbers()) {
      chronicle.writeStopBit(n).writeLong(n).writeInt((int) n).writeUnsignedByte((int) n & 0xff);
      out.writeStopBit(n).writeLong(n).writeInt((int) n).writeUnsignedByte((int) n & 0xff);
    }
    Fields.writeString(out, "Caf\u00e9 \u2603");
    byte[] text = "Caf\u00e9 \u2603".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    chronicle.writeStopBit(text.length).write(text);
    assertArrayEquals(chronicle.toByteArray(), out.toByteArray());
  }

  @Test
  void eventOutputOverwritesAnIntItWrote() {
    EventOutput out = new EventOutput(16).writeUnsignedByte(7).writeInt(0).writeLong(1);
    out.writeInt(1, 0x01020304);
    assertArrayEquals(new byte[] {7, 4, 3, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0}, out.toByteArray());
    assertThrows(IndexOutOfBoundsException.class, () -> out.writeInt(10, 0));
  }

  /**
   * Both kinds of list read back immutable, so an event keeps the list it is given instead of
   * copying it, and a reader of one cannot change another's.
   */
  @Test
  void listsReadBackImmutable() {
    EventOutput out = new EventOutput(16);
    List<Long> uids = List.of(1L, 128L, Long.MAX_VALUE, -1L);
    Fields.writeLongs(out, uids);
    Fields.writeLongs(out, List.of());
    Fields.writeStrings(out, List.of("a", "\u2603"));
    Fields.writeStrings(out, List.of());
    byte[] a = out.toByteArray();
    EventInput in = new EventInput(a, 0, a.length);
    List<Long> longs = Fields.readLongs(in);
    List<Long> noLongs = Fields.readLongs(in);
    List<String> strings = Fields.readStrings(in);
    List<String> noStrings = Fields.readStrings(in);
    assertEquals(0, in.remaining());
    assertEquals(uids, longs);
    assertEquals(List.of(), noLongs);
    assertEquals(List.of("a", "\u2603"), strings);
    assertEquals(List.of(), noStrings);
    for (List<?> l : List.of(longs, noLongs, strings, noStrings)) {
      assertThrows(UnsupportedOperationException.class, () -> l.remove(0), l.toString());
      assertThrows(UnsupportedOperationException.class, l::clear, l.toString());
    }
    assertSame(longs, new MessageEvent.Expunged(7, longs).uids(), "kept, not copied");
  }
}
