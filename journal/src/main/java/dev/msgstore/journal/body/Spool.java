package dev.msgstore.journal.body;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A body read to its end before it is stored, because its digest (which names it and decides
 * whether it is already stored) is known only then. Small bodies stay in heap; larger ones go to a
 * temporary file, so a 100 MB body never sits whole in heap. The payload CRC is computed on the
 * way, so appending needs no second pass.
 */
final class Spool implements AutoCloseable {
  static final int HEAP_LIMIT = 1 << 20;
  private static final int CHUNK = 1 << 16;
  private static final String TMP_PREFIX = "spool-" + ProcessHandle.current().pid() + "-";

  private final Digest digest;
  private final long size;
  private final int crc;
  private final byte[] heap; // the body in its first size bytes, or null when it is in file
  private final Path file;

  private Spool(Digest digest, long size, int crc, byte[] heap, Path file) {
    this.digest = digest;
    this.size = size;
    this.crc = crc;
    this.heap = heap;
    this.file = file;
  }

  static Spool of(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return new Spool(Digest.sha256(content), content.length, (int) crc.getValue(), content, null);
  }

  static Spool read(InputStream in, Path tmpDir) throws IOException {
    MessageDigest sha = Digest.newSha256();
    CRC32C crc = new CRC32C();
    // Sized by what the stream says it holds (a message in memory says all of it), plus one byte
    // so that reading its end needs no larger copy: no doubling and copying on the way.
    byte[] buf = new byte[Math.clamp(in.available() + 1L, 8192, HEAP_LIMIT)];
    int n = 0;
    while (n < HEAP_LIMIT) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, Math.min(HEAP_LIMIT, buf.length * 2));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        sha.update(buf, 0, n);
        crc.update(buf, 0, n);
        // no copy to the exact length: the spool lives only as long as the put
        return new Spool(Digest.of(sha.digest()), n, (int) crc.getValue(), buf, null);
      }
      n += r;
    }
    return toFile(in, tmpDir, buf, sha, crc);
  }

  private static Spool toFile(
      InputStream in, Path tmpDir, byte[] head, MessageDigest sha, CRC32C crc) throws IOException {
    Path file = Files.createTempFile(tmpDir, TMP_PREFIX, ".tmp");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      sha.update(head);
      crc.update(head);
      long size = head.length;
      writeAll(out, ByteBuffer.wrap(head));
      byte[] buf = new byte[CHUNK];
      int r;
      while ((r = in.read(buf)) >= 0) {
        sha.update(buf, 0, r);
        crc.update(buf, 0, r);
        writeAll(out, ByteBuffer.wrap(buf, 0, r));
        size += r;
      }
      return new Spool(Digest.of(sha.digest()), size, (int) crc.getValue(), null, file);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static void writeAll(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** Deletes spool files left by processes that are gone (killed while spooling). */
  static void removeOrphans(Path tmpDir) throws IOException {
    try (Stream<Path> files = Files.list(tmpDir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        String[] parts = name.split("-");
        if (parts.length >= 3 && parts[0].equals("spool") && !alive(parts[1])) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static boolean alive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).isPresent();
    } catch (NumberFormatException e) {
      return true; // not ours to judge
    }
  }

  Digest digest() {
    return digest;
  }

  long size() {
    return size;
  }

  int crc() {
    return crc;
  }

  /** Whether the body is in heap (then {@link #copyTo(ByteBuffer)} works). */
  boolean inHeap() {
    return heap != null;
  }

  /** Puts a body held in heap at {@code dst}'s position. */
  void copyTo(ByteBuffer dst) {
    dst.put(heap, 0, (int) size);
  }

  /** Copies the body to {@code target} at {@code position}. */
  void copyTo(FileChannel target, long position) throws IOException {
    if (heap != null) {
      Frame.writeFully(target, ByteBuffer.wrap(heap, 0, (int) size), position);
      return;
    }
    try (FileChannel src = FileChannel.open(file, StandardOpenOption.READ)) {
      long done = 0;
      while (done < size) {
        long n = target.transferFrom(src, position + done, size - done);
        if (n <= 0) {
          throw new IOException("spool file " + file + " shrank while being stored");
        }
        done += n;
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }
}
