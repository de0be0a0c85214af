package dev.msgstore.store.backup;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a backup stream, gzip-compressed or not, frame by frame: every frame's checksum is checked
 * before its record or bytes are handed out, so a damaged or truncated stream fails at the frame
 * where it goes wrong ({@link BackupStreamException}) and nothing of that frame is used. After a
 * {@link BackupRecord.Message}, {@link #body()} streams its bytes. {@link #next()} returns null
 * once the trailer has been read and matched what came before it.
 */
public final class BackupInput implements AutoCloseable {
  private final DataInputStream in;
  private final CRC32C crc = new CRC32C();
  private final CRC32C chain = new CRC32C();
  private final byte[] buf = new byte[BackupFormat.MAX_PAYLOAD];
  private long frames;
  private long users;
  private long mailboxes;
  private long messages;
  private long bodyBytes;
  private long bodyLeft;
  private boolean ended;
  private BackupRecord.Trailer trailer;

  private BackupInput(InputStream raw) throws IOException {
    BufferedInputStream b = new BufferedInputStream(raw, 256 * 1024);
    b.mark(2);
    int b0 = b.read();
    int b1 = b.read();
    b.reset();
    InputStream source = b;
    if (b0 == 0x1f && b1 == 0x8b) {
      source = new BufferedInputStream(new GZIPInputStream(b, 64 * 1024), 256 * 1024);
    }
    this.in = new DataInputStream(source);
    byte[] magic = new byte[BackupFormat.MAGIC.length];
    int n;
    try {
      n = in.readNBytes(magic, 0, magic.length);
    } catch (ZipException | EOFException e) {
      throw new BackupStreamException(0, "not a msgstore backup stream (" + e.getMessage() + ")");
    }
    if (n < magic.length || !Arrays.equals(magic, BackupFormat.MAGIC)) {
      throw new BackupStreamException(0, "not a msgstore backup stream");
    }
  }

  public static BackupInput open(InputStream raw) throws IOException {
    return new BackupInput(raw);
  }

  /** The number of the last frame read (the header is frame 1). */
  public long frame() {
    return frames;
  }

  /** The trailer, once {@link #next()} has returned null. */
  public BackupRecord.Trailer trailer() {
    return trailer;
  }

  /**
   * The next record, or null after a trailer that matched. The rest of the body of a message not
   * read to its end is skipped (and checked).
   */
  public BackupRecord next() throws IOException {
    if (ended) {
      return null;
    }
    while (bodyLeft > 0) {
      skipBody();
    }
    int tag = readFrame(true);
    if (tag == BackupFormat.BODY) {
      throw new BackupStreamException(frames, "body bytes where a record belongs");
    }
    BackupRecord r;
    try {
      r =
          BackupFormat.decode(
              (byte) tag, new DataInputStream(new ByteArrayInputStream(buf, 0, len)));
    } catch (IOException e) {
      throw new BackupStreamException(frames, "a malformed record: " + e.getMessage());
    }
    switch (r) {
      case BackupRecord.Header h -> {
        if (frames != 1) {
          throw new BackupStreamException(frames, "a second header");
        }
        if (h.version() > BackupFormat.VERSION) {
          throw new BackupStreamException(
              frames,
              "format version "
                  + h.version()
                  + " (this msgstore reads up to "
                  + BackupFormat.VERSION
                  + ")");
        }
      }
      case BackupRecord.User u -> users++;
      case BackupRecord.Mailbox m -> mailboxes++;
      case BackupRecord.Message m -> {
        messages++;
        bodyLeft = m.size();
        bodyBytes += m.size();
      }
      case BackupRecord.Trailer t -> {
        verify(t);
        end();
        ended = true;
        trailer = t;
        return null;
      }
      default -> {}
    }
    if (frames == 1 && !(r instanceof BackupRecord.Header)) {
      throw new BackupStreamException(frames, "the stream does not start with its header");
    }
    return r;
  }

  /**
   * The body of the message {@link #next()} just returned, checked frame by frame as it streams.
   */
  public InputStream body() {
    return new InputStream() {
      private int pos;
      private int end;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int want) throws IOException {
        if (pos == end) {
          if (bodyLeft == 0) {
            return -1;
          }
          end = nextBodyFrame();
          pos = 0;
        }
        int n = Math.min(want, end - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  private void skipBody() throws IOException {
    nextBodyFrame();
  }

  private int nextBodyFrame() throws IOException {
    int tag = readFrame(false);
    if (tag != BackupFormat.BODY || len > bodyLeft) {
      throw new BackupStreamException(
          frames, "a message body is cut short (" + bodyLeft + " bytes missing)");
    }
    bodyLeft -= len;
    return len;
  }

  private int len;

  /** Reads one frame into {@link #buf}, checked; returns its tag. */
  private int readFrame(boolean recordExpected) throws IOException {
    long number = frames + 1;
    try {
      int tag = in.read();
      if (tag < 0) {
        throw new BackupStreamException(
            number,
            "the stream ends after frame "
                + frames
                + " without its trailer: the backup is truncated");
      }
      int length = in.readInt();
      if (length < 0 || length > BackupFormat.MAX_PAYLOAD) {
        throw new BackupStreamException(number, "damaged (a frame length of " + length + ")");
      }
      in.readFully(buf, 0, length);
      int sum = in.readInt();
      crc.reset();
      crc.update(tag);
      crc.update(length >>> 24);
      crc.update(length >>> 16);
      crc.update(length >>> 8);
      crc.update(length);
      crc.update(buf, 0, length);
      if ((int) crc.getValue() != sum) {
        throw new BackupStreamException(number, "damaged (checksum mismatch)");
      }
      if (tag != BackupFormat.TRAILER) {
        chain.update(sum >>> 24);
        chain.update(sum >>> 16);
        chain.update(sum >>> 8);
        chain.update(sum);
      }
      frames = number;
      len = length;
      return tag;
    } catch (EOFException e) {
      throw new BackupStreamException(number, "the stream ends inside this frame: truncated");
    } catch (ZipException e) {
      throw new BackupStreamException(number, "damaged compressed data (" + e.getMessage() + ")");
    }
  }

  private void verify(BackupRecord.Trailer t) throws BackupStreamException {
    if (t.frames() != frames
        || t.users() != users
        || t.mailboxes() != mailboxes
        || t.messages() != messages
        || t.bodyBytes() != bodyBytes
        || t.chain() != (int) chain.getValue()) {
      throw new BackupStreamException(
          frames,
          "the trailer does not match the stream (frames, counts or checksum chain): records are"
              + " missing or were reordered");
    }
  }

  /** Nothing after the trailer; reading to the end also checks the gzip member's own CRC. */
  private void end() throws IOException {
    try {
      if (in.read() >= 0) {
        throw new BackupStreamException(frames, "bytes after the trailer");
      }
    } catch (EOFException | ZipException e) {
      throw new BackupStreamException(
          frames, "damaged compressed data after the trailer (" + e.getMessage() + ")");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
