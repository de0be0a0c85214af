package dev.msgstore.services.lmtp;

import java.util.Arrays;

/**
 * A message as it is received, in heap, up to a limit: past it, bytes are counted and dropped, so
 * that the client can be read to the end of its data and answered 552 5.3.4.
 */
final class MessageBuffer {
  private final long limit;
  private byte[] bytes = new byte[8192];
  private int size;
  private long received;

  /** {@code prefix} (the Return-Path line) first; {@code limit} counts the client's bytes only. */
  MessageBuffer(byte[] prefix, long limit) {
    this.limit = limit;
    append(prefix, 0, prefix.length);
  }

  void write(int b) {
    if (++received <= limit) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, grow(size + 1));
      }
      bytes[size++] = (byte) b;
    }
  }

  void write(byte[] b, int off, int len) {
    long room = Math.max(0, limit - received);
    received += len;
    append(b, off, (int) Math.min(room, len));
  }

  private void append(byte[] b, int off, int len) {
    if (size + len > bytes.length) {
      bytes = Arrays.copyOf(bytes, grow(size + len));
    }
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  private int grow(int needed) {
    long n = Math.max((long) bytes.length * 2, needed);
    return (int) Math.min(n, Integer.MAX_VALUE - 16);
  }

  /** The client's bytes received, kept or not. */
  long received() {
    return received;
  }

  boolean tooBig() {
    return received > limit;
  }

  byte[] bytes() {
    return bytes;
  }

  int size() {
    return size;
  }
}
