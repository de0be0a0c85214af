package dev.msgstore.commands.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A verb's output that is text and, for what must come out exactly as stored ({@code imcheck -b}),
 * bytes: {@link #bytes} writes to the same stream, after the text written so far. The launcher's
 * standard output is one; a context made over a character {@code Writer} (a script's, a test's) has
 * only text, and {@link #bytesOf} decodes bytes into it.
 */
public final class ByteWriter extends PrintWriter {
  private final OutputStream stream;

  /** Text in UTF-8. */
  public ByteWriter(OutputStream stream, boolean autoFlush) {
    this(stream, autoFlush, StandardCharsets.UTF_8);
  }

  /** Text in {@code charset} (the launcher's: standard output's own, as before bytes were kept). */
  public ByteWriter(OutputStream stream, boolean autoFlush, Charset charset) {
    super(new OutputStreamWriter(stream, charset), autoFlush);
    this.stream = stream;
  }

  /**
   * The output as bytes, after the text written so far. Closing it flushes and leaves the output
   * open.
   */
  public OutputStream bytes() {
    flush();
    return new FilterOutputStream(stream) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /**
   * {@code out} as bytes: its own when it is a {@link ByteWriter}; otherwise the bytes decoded as
   * UTF-8 into it (what is not UTF-8 becomes U+FFFD: a character stream cannot carry it). Closing
   * it flushes and leaves {@code out} open.
   */
  public static OutputStream bytesOf(PrintWriter out) {
    return out instanceof ByteWriter w ? w.bytes() : new Decoding(out);
  }

  /** Bytes decoded as UTF-8 into a writer, a sequence split across writes kept whole. */
  private static final class Decoding extends OutputStream {
    private final PrintWriter out;
    private final CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    Decoding(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int done = 0; done < len; ) {
        int n = Math.min(len - done, pending.remaining());
        pending.put(b, off + done, n);
        done += n;
        decode(false);
      }
    }

    private void decode(boolean last) {
      pending.flip();
      while (true) {
        boolean full = utf8.decode(pending, chars, last).isOverflow();
        if (last && !full) {
          full = utf8.flush(chars).isOverflow();
        }
        out.write(chars.array(), 0, chars.position());
        chars.clear();
        if (!full) {
          break;
        }
      }
      pending.compact(); // an incomplete sequence waits for its next bytes
    }

    @Override
    public void close() {
      decode(true);
      out.flush();
    }
  }
}
