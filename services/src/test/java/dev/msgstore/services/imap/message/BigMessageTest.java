package dev.msgstore.services.imap.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.ChildJava;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 50 MB message read through the library in a JVM whose heap (-Xmx48m) cannot hold it: the
 * structure, a 50 MB section and a search to its end must stream.
 */
class BigMessageTest {
  static final int LINE = 76;
  static final long LINES = 50L * 1024 * 1024 / (LINE + 2);

  @TempDir Path root;

  /** {@code count} lines of base64 text, generated as they are read. */
  static InputStream base64Lines(long count) {
    return new InputStream() {
      long line;
      int col;

      @Override
      public int read() {
        if (line >= count) {
          return -1;
        }
        int c;
        if (col < LINE) {
          c =
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                  .charAt((int) ((line * 31 + col * 7) % 64));
        } else {
          c = col == LINE ? '\r' : '\n';
        }
        if (++col == LINE + 2) {
          col = 0;
          line++;
        }
        return c;
      }
    };
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aFiftyMegabyteMessageStreamsInASmallHeap() throws Exception {
    String head =
        """
        From: big@example.org
        Subject: big
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary=big

        --big
        Content-Type: text/plain

        the attachment follows
        --big
        Content-Type: application/octet-stream
        Content-Transfer-Encoding: base64

        """;
    String tail =
        """

        --big
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        the needle=20is here: =4E=45EDLE at the end
        --big--
        """;
    long partSize = LINES * (LINE + 2);
    try (Store s = Store.open(root);
        InputStream message =
            new SequenceInputStream(
                java.util.Collections.enumeration(
                    List.of(text(head), base64Lines(LINES), text(tail))))) {
      s.execute(MessageStructuresTest.ADMIN, new CreateMailbox(MessageStructuresTest.BOX, null));
      s.append(
          MessageStructuresTest.ADMIN, MessageStructuresTest.BOX, message, AppendOptions.DEFAULT);
    }
    long size = text(head).readAllBytes().length + partSize + text(tail).readAllBytes().length;
    Process p =
        new ProcessBuilder(
                ChildJava.command(
                    List.of("-Xmx48m"),
                    HeapProbe.class.getName(),
                    root.toString(),
                    MessageStructuresTest.BOX))
            .redirectErrorStream(true)
            .start();
    String out;
    try {
      p.getOutputStream().close();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe ends");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    assertTrue(
        out.contains(
            "(\"application\" \"octet-stream\" NIL NIL NIL \"base64\" " + partSize + " NIL"),
        out);
    assertTrue(out.contains("SECTION 2 " + partSize + " " + partSize), out);
    assertTrue(out.contains("SECTION  " + size + " " + size), out);
    assertTrue(out.contains("SEARCH NEEDLE at the end true"), out);
    assertTrue(out.contains("SEARCH not in there false"), out);
    assertTrue(out.contains("PARSES 1"), out);
  }
}
