package dev.msgstore.services.imap.message;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream as lines, in chunks of at most {@link #MAX_CHUNK} bytes: a longer line comes as
 * several chunks, the later ones with {@code lineStart} false. Keeps the offset of every chunk and
 * the count of LFs before it, and never holds more than its buffer.
 */
final class LineReader {
  static final int MAX_CHUNK = 8192;

  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private long consumed; // bytes before buf[0]

  /** The current chunk: {@code data[start, start + len)}, then {@code nl} newline bytes. */
  final byte[] data;

  int start;
  int len;
  int nl;
  long offset;
  boolean lineStart = true;
  long lfBefore; // LFs before this chunk
  private boolean first = true;
  private long lfTotal;

  LineReader(InputStream in) {
    this(in, 2 * MAX_CHUNK);
  }

  /**
   * Over {@code bytes[0, length)}: the buffer is only as large as they need (a header of a few
   * hundred bytes filtered per FETCH allocated and zeroed 16 KiB each time), with the same chunks
   * as from a stream.
   */
  LineReader(byte[] bytes, int length) {
    // a buffer longer than the input by a byte reads it all and then sees its end, as the full
    // one does; an input of MAX_CHUNK or more needs the full one (a chunk is cut at MAX_CHUNK)
    this(
        new java.io.ByteArrayInputStream(bytes, 0, length),
        length < MAX_CHUNK ? length + 1 : 2 * MAX_CHUNK);
  }

  private LineReader(InputStream in, int capacity) {
    this.in = in;
    this.buf = new byte[capacity];
    this.data = buf;
  }

  /** Moves to the next chunk; false at the end of the stream. */
  boolean next() throws IOException {
    if (!first) {
      lineStart = nl > 0;
      lfTotal += nl > 0 ? 1 : 0;
    }
    first = false;
    lfBefore = lfTotal;
    while (true) {
      int avail = limit - pos;
      int scan = Math.min(avail, MAX_CHUNK);
      int lf = -1;
      for (int i = pos; i < pos + scan; i++) {
        if (buf[i] == '\n') {
          lf = i;
          break;
        }
      }
      if (lf >= 0) {
        start = pos;
        offset = consumed + pos;
        if (lf > pos && buf[lf - 1] == '\r') {
          len = lf - 1 - pos;
          nl = 2;
        } else {
          len = lf - pos;
          nl = 1;
        }
        pos = lf + 1;
        return true;
      }
      if (avail >= MAX_CHUNK || (eof && avail > 0)) {
        int n = scan;
        if (!eof && n > 1 && buf[pos + n - 1] == '\r') {
          n--; // keep a CR with its LF
        }
        start = pos;
        offset = consumed + pos;
        len = n;
        nl = 0;
        pos += n;
        return true;
      }
      if (eof) {
        offset = consumed + pos;
        len = 0;
        nl = 0;
        return false;
      }
      fill();
    }
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      consumed += pos;
      limit -= pos;
      pos = 0;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /** The offset just past the current chunk's newline. */
  long end() {
    return offset + len + nl;
  }
}
