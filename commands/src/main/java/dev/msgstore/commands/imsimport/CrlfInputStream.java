package dev.msgstore.commands.imsimport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A message's bytes with each bare LF made CRLF. An mbox file keeps a Unix text file's LF line
 * ends, but a message's canonical form (RFC 5322, and what IMAP serves and counts in RFC822.SIZE)
 * ends lines with CRLF: Dovecot and UW imapd convert as they serve; this store serves what it
 * holds, so the import converts once. A CRLF already there is left alone, so a file imsexport wrote
 * from this store comes back byte for byte.
 */
final class CrlfInputStream extends FilterInputStream {
  private int previous = -1;
  private boolean pendingLf;

  CrlfInputStream(InputStream in) {
    super(in);
  }

  /** {@code bytes} converted the same way. */
  static byte[] convert(byte[] bytes) {
    int bare = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
        bare++;
      }
    }
    if (bare == 0) {
      return bytes;
    }
    byte[] out = new byte[bytes.length + bare];
    int o = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
        out[o++] = '\r';
      }
      out[o++] = bytes[i];
    }
    return out;
  }

  @Override
  public int read() throws IOException {
    if (pendingLf) {
      pendingLf = false;
      previous = '\n';
      return '\n';
    }
    int b = super.read();
    if (b == '\n' && previous != '\r') {
      pendingLf = true;
      previous = '\r';
      return '\r';
    }
    previous = b;
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      int b = read();
      if (b < 0) {
        return n == 0 ? -1 : n;
      }
      buf[off + n++] = (byte) b;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && read() >= 0) {
      skipped++;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
