package dev.msgstore.commands.imsasm;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes an imsasm save stream (docs/ASM-SAVE-STREAM.md): XDR-style big-endian 4-byte units, each
 * record announced by a TRUE boolean, its data in CRC-32C checked chunks ended by a zero length,
 * and the stream by the final FALSE (left out with {@code -e}, when an outer ASM goes on).
 */
final class SaveStreamOutput {
  static final int MAGIC = 0x4D534131; // "MSA1"
  static final int MAX_CHUNK = 64 * 1024;

  private final DataOutputStream out;
  private long headerBytes;
  private long dataBytes;

  SaveStreamOutput(OutputStream raw) {
    this.out = new DataOutputStream(raw);
  }

  /** Starts a record; its data goes to the stream returned, which closing ends (not the output). */
  OutputStream begin(SaveRecord r) throws IOException {
    int before = out.size();
    out.writeInt(1);
    out.writeInt(MAGIC);
    out.writeInt(r.kind().code);
    string(r.name());
    string(r.user());
    string(r.folder());
    out.writeInt(r.depth());
    out.writeLong(r.savedMicros());
    out.writeInt(r.incremental() ? 1 : 0);
    headerBytes += out.size() - before;
    return new Chunks();
  }

  /** The final "end of save stream" boolean. */
  void end() throws IOException {
    out.writeInt(0);
    out.flush();
  }

  long headerBytes() {
    return headerBytes;
  }

  long dataBytes() {
    return dataBytes;
  }

  /** The bytes a record's head takes, for {@code -b}'s estimate. */
  static long headerSize(SaveRecord r) {
    return 4L * 8 + 8 + padded(r.name()) + padded(r.user()) + padded(r.folder());
  }

  private static long padded(String s) {
    int n = s.getBytes(StandardCharsets.UTF_8).length;
    return 4 + n + (4 - n % 4) % 4;
  }

  private void string(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
    out.write(new byte[(4 - b.length % 4) % 4]);
  }

  private final class Chunks extends OutputStream {
    private final byte[] buf = new byte[MAX_CHUNK];
    private final CRC32C crc = new CRC32C();
    private int len;
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      if (len == buf.length) {
        flushChunk();
      }
      buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
      while (n > 0) {
        if (len == buf.length) {
          flushChunk();
        }
        int take = Math.min(n, buf.length - len);
        System.arraycopy(b, off, buf, len, take);
        len += take;
        off += take;
        n -= take;
      }
    }

    private void flushChunk() throws IOException {
      if (len == 0) {
        return;
      }
      crc.reset();
      crc.update(buf, 0, len);
      out.writeInt(len);
      out.write(buf, 0, len);
      out.write(new byte[(4 - len % 4) % 4]);
      out.writeInt((int) crc.getValue());
      dataBytes += len;
      len = 0;
    }

    @Override
    public void flush() {
      // a chunk is written when full or at the record's end, never short in the middle
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        flushChunk();
        out.writeInt(0);
        out.flush();
      }
    }
  }
}
