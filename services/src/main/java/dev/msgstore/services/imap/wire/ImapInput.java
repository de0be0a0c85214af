package dev.msgstore.services.imap.wire;

import dev.msgstore.services.imap.command.MessageLiteral;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads one client command at a time as its exact bytes (RFC 3501 section 2.2): a line, and for
 * each literal that ends a line ({@code {n}} or, RFC 7888, {@code {n+}}) the n bytes after it and
 * the line that goes on after them. The command comes back whole, literals and all, for the pure
 * parser; the final CRLF is dropped. A synchronising literal is asked for with a continuation
 * request ({@link Continuation}) only once its size is known to be acceptable.
 */
public final class ImapInput {
  /** What the reader needs from the session while it reads: to send "+ go ahead". */
  public interface Continuation {
    void goAhead() throws IOException;
  }

  /** A command too long to read; the session answers BAD or closes, as {@link #fatal} says. */
  public static final class TooLong extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean fatal;
    private final String tag;

    TooLong(String message, String tag, boolean fatal) {
      super(message);
      this.tag = tag;
      this.fatal = fatal;
    }

    /** The command's tag, as far as it was read ("*" when not even that). */
    public String tag() {
      return tag;
    }

    /** True when the rest of the command cannot be skipped (a LITERAL+ the client sends anyway). */
    public boolean fatal() {
      return fatal;
    }
  }

  /** An APPEND literal larger than this goes to a spool file, not into the command's bytes. */
  public static final long SPOOL_PAST = 1 << 20;

  /** The spool files' name prefix; the component removes leftovers of a daemon that died. */
  public static final String SPOOL_PREFIX = "imap-spool-";

  private static final AtomicLong SPOOLS = new AtomicLong();

  private final InputStream in;

  /**
   * The reader's own buffer over {@code in}: a BufferedInputStream takes a lock on every read(),
   * and a command is read a byte at a time (a few percent of the server's CPU under imaptest).
   */
  private final byte[] buffer = new byte[16 * 1024];

  private int pos;
  private int limit;
  private final int maxLine;
  private final long maxLiteral;
  private final long maxAppendLiteral;
  private final Path spoolDir;
  private MessageLiteral.Spooled spooled;

  public ImapInput(InputStream in, int maxLine, long maxLiteral, long maxAppendLiteral) {
    this(in, maxLine, maxLiteral, maxAppendLiteral, null);
  }

  /**
   * {@code in}: the connection's stream, unbuffered (this reader buffers it); {@code spoolDir}:
   * where APPEND literals past {@link #SPOOL_PAST} go (null: kept in heap).
   */
  public ImapInput(
      InputStream in, int maxLine, long maxLiteral, long maxAppendLiteral, Path spoolDir) {
    this.in = in;
    this.maxLine = maxLine;
    this.maxLiteral = maxLiteral;
    this.maxAppendLiteral = maxAppendLiteral;
    this.spoolDir = spoolDir;
  }

  /**
   * The APPEND literal the last {@link #readCommand} spooled, or null: its bytes are not in the
   * command, which holds its announcement only. The caller removes the file ({@link #discard}).
   */
  public MessageLiteral.Spooled spooled() {
    return spooled;
  }

  /** Removes the last command's spool file, if any. */
  public void discard() {
    if (spooled != null) {
      try {
        Files.deleteIfExists(spooled.file());
      } catch (IOException ignored) {
        // the component removes leftovers at its next start
      }
      spooled = null;
    }
  }

  /** The next command's bytes, or null at the end of the stream before a command began. */
  public byte[] readCommand(Continuation continuation) throws IOException {
    discard();
    ByteArrayOutputStream command = new ByteArrayOutputStream(128);
    long total = 0;
    boolean first = true;
    for (; ; ) {
      int lineStart = command.size();
      int n = readLine(command, first);
      if (n < 0) {
        if (first && command.size() == 0) {
          return null;
        }
        throw new EOFException("the connection ended inside a command");
      }
      first = false;
      byte[] sofar = command.toByteArray();
      Literal lit = Literal.atEnd(sofar, lineStart, sofar.length);
      if (lit == null) {
        return sofar;
      }
      total += sofar.length - lineStart;
      long limit = isAppend(sofar) ? maxAppendLiteral : maxLiteral;
      if (lit.size() > limit || total + lit.size() > limit + maxLine) {
        String tag = tagOf(sofar);
        if (lit.nonSync()) {
          throw new TooLong("literal of " + lit.size() + " bytes is too big", tag, true);
        }
        throw new TooLong(
            "literal of " + lit.size() + " bytes is too big (at most " + limit + ")", tag, false);
      }
      boolean spool = spoolDir != null && lit.size() > SPOOL_PAST && isAppend(sofar);
      if (!spool) {
        command.write('\r');
        command.write('\n');
      }
      if (!lit.nonSync()) {
        continuation.goAhead();
      }
      if (spool) {
        discard(); // a second big literal in one APPEND: the parser refuses the command anyway
        spooled = spool(lit.size());
      } else {
        copy(command, lit.size());
      }
      total += lit.size();
    }
  }

  /** One line outside a command (AUTHENTICATE's responses, IDLE's DONE); null at the end. */
  public byte[] readLine() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    return readLine(out, false) < 0 ? null : out.toByteArray();
  }

  /**
   * Reads up to LF into {@code out}, without the CRLF (a bare LF is taken as a line end too).
   * Returns the bytes read, or -1 at the end of the stream.
   */
  private int readLine(ByteArrayOutputStream out, boolean first) throws IOException {
    int count = 0;
    boolean cr = false; // a CR read and not written yet: dropped if LF follows
    for (; ; ) {
      int b = read();
      if (b < 0) {
        if (cr) {
          out.write('\r');
        }
        return -1;
      }
      if (b == '\n') {
        return count;
      }
      // the limit counts the line's own bytes: its CR (the last byte before LF) is free
      if (++count > maxLine && !(count == maxLine + 1 && b == '\r')) {
        String tag = tagOf(out.toByteArray());
        skipLine();
        throw new TooLong("command line too long (at most " + maxLine + " bytes)", tag, false);
      }
      if (cr) {
        out.write('\r');
      }
      cr = b == '\r';
      if (!cr) {
        out.write(b);
      }
    }
  }

  /** The next byte, or -1 at the end of the stream. */
  private int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buffer[pos++] & 0xff;
  }

  /** Up to {@code len} bytes: what is buffered first, then from the stream; -1 at its end. */
  private int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == limit) {
      if (len >= buffer.length) {
        return in.read(b, off, len);
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void skipLine() throws IOException {
    for (int b; (b = read()) >= 0; ) {
      if (b == '\n') {
        return;
      }
    }
  }

  private void copy(ByteArrayOutputStream out, long size) throws IOException {
    byte[] buf = new byte[(int) Math.min(size, 64 * 1024)];
    long left = size;
    while (left > 0) {
      int n = read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new EOFException("the connection ended inside a literal");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  /** Copies the next {@code size} bytes to a new spool file (0600), never whole in heap. */
  private MessageLiteral.Spooled spool(long size) throws IOException {
    Files.createDirectories(spoolDir);
    Path file =
        spoolDir.resolve(
            SPOOL_PREFIX + ProcessHandle.current().pid() + "-" + SPOOLS.incrementAndGet());
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    boolean done = false;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      long left = size;
      while (left > 0) {
        int n = read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new EOFException("the connection ended inside a literal");
        }
        out.write(buf, 0, n);
        left -= n;
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(file);
      }
    }
    return new MessageLiteral.Spooled(file, size);
  }

  /** A line that ends with a literal's announcement. */
  record Literal(long size, boolean nonSync) {
    static Literal atEnd(byte[] b, int from, int to) {
      if (to - from < 3 || b[to - 1] != '}') {
        return null;
      }
      int i = to - 2;
      boolean plus = b[i] == '+';
      if (plus) {
        i--;
      }
      int digitsEnd = i + 1;
      while (i >= from && b[i] >= '0' && b[i] <= '9') {
        i--;
      }
      if (i < from || b[i] != '{' || i + 1 == digitsEnd || digitsEnd - (i + 1) > 18) {
        return null;
      }
      long size =
          Long.parseLong(
              new String(b, i + 1, digitsEnd - i - 1, java.nio.charset.StandardCharsets.US_ASCII));
      return new Literal(size, plus);
    }
  }

  static String tagOf(byte[] line) {
    int end = 0;
    while (end < line.length && end < 64 && line[end] > ' ' && line[end] < 0x7f) {
      end++;
    }
    return end == 0 ? "*" : new String(line, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static boolean isAppend(byte[] line) {
    int sp = 0;
    while (sp < line.length && line[sp] != ' ') {
      sp++;
    }
    int start = sp + 1;
    String word = "APPEND";
    if (line.length < start + word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toUpperCase(line[start + i]) != word.charAt(i)) {
        return false;
      }
    }
    return line.length == start + word.length() || line[start + word.length()] == ' ';
  }
}
