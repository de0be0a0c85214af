package dev.msgstore.projections.lmdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Buf's longs and ints, written byte by byte, are the big-endian ones a ByteBuffer reads (keys sort
 * by them in LMDB: a wrong byte order or a sign carried into the next byte would misplace keys).
 */
class BufTest {
  @Test
  void longsAndIntsAreBigEndianAsAByteBufferReadsThem() {
    long[] edges = {0, 1, -1, 127, 128, 255, 256, -128, -129, Long.MAX_VALUE, Long.MIN_VALUE};
    SplittableRandom r = new SplittableRandom(18);
    long[] values = new long[edges.length + 1_000];
    System.arraycopy(edges, 0, values, 0, edges.length);
    for (int i = edges.length; i < values.length; i++) {
      values[i] = r.nextLong() >> r.nextInt(64);
    }
    Buf b = new Buf(1); // grows as it is written
    ByteBuffer expected = ByteBuffer.allocate(values.length * 13);
    for (long v : values) {
      b.putLong(v).putInt((int) v).putByte((int) v);
      expected.putLong(v).putInt((int) v).put((byte) v);
    }
    expected.flip();
    ByteBuffer flipped = b.flip();
    assertEquals(expected, flipped);
    assertEquals(expected.remaining(), b.length());
    assertArrayEquals(
        Arrays.copyOf(expected.array(), expected.remaining()),
        Arrays.copyOf(b.array(), b.length()));
    for (long v : values) {
      assertEquals(v, flipped.getLong());
      assertEquals((int) v, flipped.getInt());
      assertEquals((byte) v, flipped.get());
    }
  }

  /** A string is its UTF-8 length and bytes, ASCII or not, read back by {@link Buf#getString}. */
  @Test
  void stringsAreTheirUtf8LengthAndBytes() {
    String[] strings = {
      "", "a", "<123@bench>", "Grüße", "日本語の件名", "mixed ascii then é", "\u007f\u0080", "😀 emoji"
    };
    Buf b = new Buf(2); // grows as it is written, also where a string turns out not to be ASCII
    ByteBuffer expected = ByteBuffer.allocate(256);
    for (String s : strings) {
      b.putString(s);
      byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      expected.putInt(utf8.length).put(utf8);
    }
    expected.flip();
    ByteBuffer flipped = b.flip();
    assertEquals(expected, flipped);
    for (String s : strings) {
      assertEquals(s, Buf.getString(flipped));
    }
  }
}
