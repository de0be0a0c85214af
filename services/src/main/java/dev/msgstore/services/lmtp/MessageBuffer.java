package dev.msgstore.services.lmtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A message as it is received, up to a limit: its first {@link #HEAP} bytes in heap (where the
 * header is read from), the rest spooled to a file under {@code run/} (0700; the body store then
 * reads it once), so that a large message never sits whole in heap. Past the limit, bytes are
 * counted and dropped, so that the client can be read to the end of its data and answered 552
 * 5.3.4. Close it: that removes the spool.
 */
final class MessageBuffer implements AutoCloseable {
  /** Bytes kept in heap: more than the header scan reads. */
  static final int HEAP = 1 << 20;

  /** The spool files' name prefix in {@code run/}; the component removes leftovers at start. */
  static final String SPOOL_PREFIX = "lmtp-spool-";

  private static final AtomicLong SPOOLS = new AtomicLong();

  private final long limit;
  private final Path spoolDir;
  private byte[] bytes;
  private int size;
  private long received;
  private Path spool;
  private OutputStream spooled;

  /**
   * {@code prefix} (the Return-Path line) first; {@code limit} counts the client's bytes only;
   * {@code spoolDir} takes what does not fit in heap (null: a buffer that only counts).
   */
  MessageBuffer(byte[] prefix, long limit, Path spoolDir) {
    this(prefix, limit, spoolDir, 0);
  }

  /**
   * As {@link #MessageBuffer(byte[], long, Path)}, sized at once for {@code expected} bytes of the
   * client's (what MAIL's SIZE declared; 0 when it did not say), so that the usual message is not
   * copied from a buffer it outgrew to the next, twice the size, on the way.
   */
  MessageBuffer(byte[] prefix, long limit, Path spoolDir, long expected) {
    this.limit = limit;
    this.spoolDir = spoolDir;
    this.bytes =
        new byte
            [expected > 0
                ? Math.clamp(prefix.length + Math.min(expected, limit), 256, HEAP)
                : 8192];
    append(prefix, 0, prefix.length);
  }

  void write(int b) {
    if (++received <= limit) {
      if (size < HEAP) {
        if (size == bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.min(HEAP, bytes.length * 2));
        }
        bytes[size++] = (byte) b;
      } else {
        spill(new byte[] {(byte) b}, 0, 1);
      }
    }
  }

  void write(byte[] b, int off, int len) {
    long room = Math.max(0, limit - received);
    received += len;
    append(b, off, (int) Math.min(room, len));
  }

  private void append(byte[] b, int off, int len) {
    int inHeap = Math.min(len, HEAP - size);
    if (inHeap > 0) {
      if (size + inHeap > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(HEAP, Math.max(bytes.length * 2, size + inHeap)));
      }
      System.arraycopy(b, off, bytes, size, inHeap);
      size += inHeap;
    }
    if (len > inHeap) {
      spill(b, off + inHeap, len - inHeap);
    }
  }

  private void spill(byte[] b, int off, int len) {
    try {
      if (spooled == null) {
        spool =
            spoolDir.resolve(
                SPOOL_PREFIX + ProcessHandle.current().pid() + "-" + SPOOLS.incrementAndGet());
        Files.createFile( // mail: the owner's only, as every file of the store
            spool,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        spooled = new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024);
      }
      spooled.write(b, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool the message to " + spoolDir, e);
    }
  }

  /** The client's bytes received, kept or not. */
  long received() {
    return received;
  }

  boolean tooBig() {
    return received > limit;
  }

  /** The first bytes of the message, where its header is; {@link #headSize()} of them count. */
  byte[] head() {
    return bytes;
  }

  int headSize() {
    return size;
  }

  /** The whole message, from the start. */
  InputStream open() throws IOException {
    InputStream head = new ByteArrayInputStream(bytes, 0, size);
    if (spooled == null) {
      return head;
    }
    spooled.flush();
    return new SequenceInputStream(head, Files.newInputStream(spool));
  }

  @Override
  public void close() {
    try {
      if (spooled != null) {
        spooled.close();
      }
      if (spool != null) {
        Files.deleteIfExists(spool);
      }
    } catch (IOException e) {
      // the component removes leftovers at its next start
    }
  }
}
