package dev.msgstore.services.pop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A message as a POP3 multi-line response (RFC 1939 section 3): every line ends in CRLF (a bare LF
 * becomes CRLF), a line that begins with "." gets another in front, and the last line is ended when
 * the message did not end it. The terminating "." line is the caller's.
 */
final class DotStuffing {
  private DotStuffing() {}

  /**
   * Copies {@code in} to {@code out}; with {@code bodyLines} &ge; 0 only the header, the empty line
   * after it, and that many lines of the body (TOP).
   */
  static void copy(InputStream in, OutputStream out, long bodyLines) throws IOException {
    boolean lineStart = true;
    boolean inBody = false;
    boolean emptyLine = true; // the current line has had nothing but CR so far
    long bodyLeft = bodyLines;
    int previous = -1;
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (inBody && bodyLines >= 0 && bodyLeft <= 0 && lineStart) {
        return;
      }
      if (lineStart && b == '.') {
        out.write('.');
      }
      if (b == '\n') {
        if (previous != '\r') {
          out.write('\r');
        }
        out.write('\n');
        if (inBody) {
          bodyLeft--;
        } else if (emptyLine) {
          inBody = true; // the empty line that ends the header
        }
        lineStart = true;
        emptyLine = true;
      } else {
        out.write(b);
        lineStart = false;
        if (b != '\r') {
          emptyLine = false;
        }
      }
      previous = b;
    }
    if (!lineStart) {
      out.write('\r');
      out.write('\n');
    }
  }
}
