package dev.msgstore.scripting;

import java.io.IOException;
import java.io.Writer;

/** Writes to the host's stream as it comes and keeps a copy (a verb's stderr, for its failure). */
final class Tee extends Writer {
  private final Writer shown;
  private final Writer kept;

  Tee(Writer shown, Writer kept) {
    this.shown = shown;
    this.kept = kept;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    shown.write(buf, off, len);
    kept.write(buf, off, len);
  }

  @Override
  public void flush() throws IOException {
    shown.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
