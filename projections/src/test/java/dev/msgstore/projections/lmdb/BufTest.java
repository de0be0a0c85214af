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
}
