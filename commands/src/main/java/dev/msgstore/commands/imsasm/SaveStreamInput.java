package dev.msgstore.commands.imsasm;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads an imsasm save stream (docs/ASM-SAVE-STREAM.md) record by record, each record's data as a
 * stream that checks every chunk's CRC-32C before handing out a byte of it.
 */
final class SaveStreamInput {
  /** The stream is not a save stream, or is damaged: where, and how. */
  static final class Damaged extends IOException {
    private static final long serialVersionUID = 1L;

    Damaged(String message) {
      super(message);
    }
  }

  private final DataInputStream in;
  private long records;
  private boolean ended;
  private boolean endMarker;
  private Data open;

  SaveStreamInput(InputStream raw) {
    this.in = new DataInputStream(raw);
  }

  /** The next record, or null at the end (the final FALSE, or the end of input after a record). */
  SaveRecord next() throws IOException {
    if (open != null) {
      open.skipRest();
      open = null;
    }
    if (ended) {
      return null;
    }
    int more;
    try {
      more = in.readInt();
    } catch (EOFException e) {
      // no final boolean: a stream saved with -e, complete after its last record
      ended = true;
      return null;
    }
    if (more == 0) {
      ended = true;
      endMarker = true;
      return null;
    }
    String where = "record " + (records + 1);
    try {
      if (more != 1 || in.readInt() != SaveStreamOutput.MAGIC) {
        throw new Damaged(where + ": not an imsasm save record");
      }
      SaveRecord.Kind kind = SaveRecord.Kind.of(in.readInt());
      if (kind == null) {
        throw new Damaged(where + ": an unknown record kind");
      }
      String name = string(where);
      String user = string(where);
      String folder = string(where);
      int depth = in.readInt();
      long saved = in.readLong();
      int incremental = in.readInt();
      if (depth < 0 || depth > 1000 || (incremental & ~1) != 0) {
        throw new Damaged(where + " (" + name + "): a malformed record head");
      }
      records++;
      SaveRecord r = new SaveRecord(kind, name, user, folder, depth, saved, incremental == 1);
      open = new Data(r.name());
      return r;
    } catch (EOFException e) {
      throw new Damaged(where + ": the stream ends inside a record's head");
    }
  }

  /** The data of the record {@link #next()} returned: it ends where the record does. */
  InputStream data() {
    return open;
  }

  /** Whether the stream ended with its final boolean (not so after {@code -e}). */
  boolean endMarker() {
    return endMarker;
  }

  long records() {
    return records;
  }

  private String string(String where) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 65536) {
      throw new Damaged(where + ": a malformed name");
    }
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException();
    }
    in.skipNBytes((4 - n % 4) % 4);
    return new String(b, StandardCharsets.UTF_8);
  }

  private final class Data extends InputStream {
    private final String name;
    private final byte[] buf = new byte[SaveStreamOutput.MAX_CHUNK];
    private final CRC32C crc = new CRC32C();
    private int pos;
    private int len;
    private boolean done;
    private long chunks;

    Data(String name) {
      this.name = name;
    }

    private boolean fill() throws IOException {
      if (done) {
        return false;
      }
      try {
        int n = in.readInt();
        if (n == 0) {
          done = true;
          return false;
        }
        chunks++;
        if (n < 0 || n > buf.length) {
          throw new Damaged(name + ", chunk " + chunks + ": a malformed chunk length");
        }
        in.readFully(buf, 0, n);
        in.skipNBytes((4 - n % 4) % 4);
        int sum = in.readInt();
        crc.reset();
        crc.update(buf, 0, n);
        if ((int) crc.getValue() != sum) {
          throw new Damaged(name + ", chunk " + chunks + ": checksum mismatch");
        }
        pos = 0;
        len = n;
        return true;
      } catch (EOFException e) {
        throw new Damaged(name + ": the save stream ends inside this record's data");
      }
    }

    @Override
    public int read() throws IOException {
      if (pos == len && !fill()) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int want) throws IOException {
      if (want == 0) {
        return 0;
      }
      if (pos == len && !fill()) {
        return -1;
      }
      int n = Math.min(want, len - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    void skipRest() throws IOException {
      while (fill()) {
        // each skipped chunk is still checked
      }
    }

    @Override
    public void close() {
      // the save stream goes on
    }
  }
}
