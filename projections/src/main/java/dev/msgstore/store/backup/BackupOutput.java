package dev.msgstore.store.backup;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a backup stream: the magic, then each record and body as checksummed frames, then the
 * trailer ({@link #finish}). Gzip (the JDK's, at its fastest level: mail compresses well at any
 * level and a backup is bound by its rate) wraps it all when asked. Memory is one body chunk,
 * whatever the size of a body.
 */
public final class BackupOutput implements AutoCloseable {
  private final OutputStream raw;
  private final FastGzip gzip;
  private final DataOutputStream out;
  private final CRC32C crc = new CRC32C();
  private final CRC32C chain = new CRC32C();
  private final byte[] chunk = new byte[BackupFormat.BODY_CHUNK];
  private long frames;
  private long users;
  private long mailboxes;
  private long messages;
  private long bodyBytes;
  private long written;
  private boolean finished;

  public BackupOutput(OutputStream raw, boolean gzip) throws IOException {
    this.raw = raw;
    this.gzip = gzip ? new FastGzip(raw) : null;
    this.out =
        new DataOutputStream(
            new BufferedOutputStream(this.gzip != null ? this.gzip : raw, 256 * 1024));
    out.write(BackupFormat.MAGIC);
  }

  public void write(BackupRecord r) throws IOException {
    if (r instanceof BackupRecord.Trailer) {
      throw new IllegalArgumentException("the trailer is written by finish()");
    }
    byte[] payload = BackupFormat.encode(r);
    if (payload.length > BackupFormat.MAX_PAYLOAD) {
      throw new IOException("a record of " + payload.length + " bytes is too large to back up");
    }
    frame(BackupFormat.tag(r), payload, payload.length);
    switch (r) {
      case BackupRecord.User u -> users++;
      case BackupRecord.Mailbox m -> mailboxes++;
      case BackupRecord.Message m -> messages++;
      default -> {}
    }
  }

  /** The {@code size} bytes of the body of the message just written, read from {@code body}. */
  public void writeBody(InputStream body, long size) throws IOException {
    long left = size;
    while (left > 0) {
      int want = (int) Math.min(chunk.length, left);
      int got = body.readNBytes(chunk, 0, want);
      if (got < want) {
        throw new IOException("the body ended " + (left - got) + " bytes short of its size");
      }
      frame(BackupFormat.BODY, chunk, got);
      left -= got;
    }
    bodyBytes += size;
  }

  /** Bytes written so far, before compression (for progress). */
  public long written() {
    return written;
  }

  /** Writes the trailer and flushes; the underlying stream stays open. */
  public BackupRecord.Trailer finish() throws IOException {
    BackupRecord.Trailer t =
        new BackupRecord.Trailer(
            frames + 1, users, mailboxes, messages, bodyBytes, (int) chain.getValue());
    byte[] payload = BackupFormat.encode(t);
    frame(BackupFormat.TRAILER, payload, payload.length);
    out.flush();
    if (gzip != null) {
      gzip.finish(); // the gzip member's own trailer; the raw stream stays open
    }
    raw.flush();
    finished = true;
    return t;
  }

  private void frame(byte tag, byte[] payload, int length) throws IOException {
    crc.reset();
    crc.update(tag);
    crc.update(length >>> 24);
    crc.update(length >>> 16);
    crc.update(length >>> 8);
    crc.update(length);
    crc.update(payload, 0, length);
    int sum = (int) crc.getValue();
    out.writeByte(tag);
    out.writeInt(length);
    out.write(payload, 0, length);
    out.writeInt(sum);
    chain.update(sum >>> 24);
    chain.update(sum >>> 16);
    chain.update(sum >>> 8);
    chain.update(sum);
    frames++;
    written += 9L + length;
  }

  /** Flushes; a stream left unfinished (a failure) has no trailer, so no reader takes it whole. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      out.flush();
    }
  }

  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(java.util.zip.Deflater.BEST_SPEED);
    }
  }
}
