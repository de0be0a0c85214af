package dev.msgstore.commands.lmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's two codecs: replies read from bytes, messages written as DATA and BDAT want them.
 */
class LmtpClientTest {
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

  private LmtpClient reading(String replies) {
    return new LmtpClient(new ByteArrayInputStream(replies.getBytes(StandardCharsets.UTF_8)), sent);
  }

  private String sent() {
    return sent.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsMultiLineRepliesAndTheirExtensions() throws IOException {
    LmtpClient c =
        reading(
            "220 mx LMTP ready\r\n250-mx\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n"
                + "250-CHUNKING\r\n250 ENHANCEDSTATUSCODES\r\n550 5.1.1 <x@y> unknown user\r\n");
    LmtpClient.Reply greeting = c.reply();
    assertEquals(220, greeting.code());
    assertEquals("220 mx LMTP ready", greeting.line());
    LmtpClient.Reply lhlo = c.reply();
    assertEquals(
        List.of("mx", "PIPELINING", "SIZE 52428800", "CHUNKING", "ENHANCEDSTATUSCODES"),
        lhlo.lines());
    assertTrue(lhlo.hasExtension("PIPELINING"));
    assertTrue(lhlo.hasExtension("SIZE"));
    assertFalse(lhlo.hasExtension("mx"), "the first line is the server's name");
    assertFalse(lhlo.hasExtension("8BITMIME"));
    LmtpClient.Reply no = c.reply();
    assertArrayEquals(new int[] {5, 1, 1}, no.enhanced());
    assertFalse(no.positive() || no.temporary());
    assertThrows(EOFException.class, c::reply);
  }

  @Test
  void anEnhancedCodeMustMatchTheReplyClass() throws IOException {
    assertNull(reading("550 4.1.1 mixed up\r\n").reply().enhanced());
    assertNull(reading("550 user unknown\r\n").reply().enhanced());
    assertArrayEquals(new int[] {4, 2, 2}, reading("452 4.2.2 over quota\r\n").reply().enhanced());
  }

  @Test
  void refusesWhatIsNoReply() {
    assertThrows(IOException.class, () -> reading("hello\r\n").reply());
    assertThrows(IOException.class, () -> reading("25x ok\r\n").reply());
    assertThrows(IOException.class, () -> reading("250+ok\r\n").reply());
    assertThrows(IOException.class, () -> reading("250 " + "x".repeat(5000) + "\r\n").reply());
  }

  @Test
  void dataStuffsDotsEndsLinesWithCrLfAndAddsTheEnd() throws IOException {
    reading("").data(".one\r\ntwo\nthree\r..four\r\n.\r\nlast".getBytes(StandardCharsets.US_ASCII));
    assertEquals("..one\r\ntwo\r\nthree\r\n...four\r\n..\r\nlast\r\n.\r\n", sent());
  }

  @Test
  void dataOfAMessageEndingInALineEndAddsNone() throws IOException {
    reading("").data("a\r\nb\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("a\r\nb\r\n.\r\n", sent());
  }

  @Test
  void dataWritesRunsOfPlainBytesAsTheRulesSayAcrossItsReadChunks() throws IOException {
    // random text dense in CR, LF and dots, longer than two of data()'s 64 KB reads, so that runs
    // of plain bytes end at every kind of byte and at the reads' edges
    java.util.Random rnd = new java.util.Random(7);
    byte[] message = new byte[150 * 1024 + 3];
    byte[] kinds = {'\r', '\n', '.', 'a', 'b', ' '};
    for (int i = 0; i < message.length; i++) {
      message[i] = rnd.nextInt(4) == 0 ? kinds[rnd.nextInt(kinds.length)] : (byte) ('a' + i % 26);
    }
    message[65535] = '\r'; // a CR at the end of the first read, its LF (or not) in the next
    message[65536] = '.';
    reading("").data(message); // in place
    assertArrayEquals(dataByteByByte(message), sent.toByteArray());
    sent.reset();
    reading("").data(new ByteArrayInputStream(message)); // read in 64 KB chunks
    assertArrayEquals(dataByteByByte(message), sent.toByteArray());
  }

  /** DATA's rules one byte at a time: the reference the run-writing data() must match. */
  private static byte[] dataByteByByte(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean lineStart = true;
    int previous = -1;
    for (byte x : message) {
      int b = x & 0xff;
      if (previous == '\r' && b != '\n') {
        out.write('\n');
        lineStart = true;
      }
      if (b == '\n' && previous != '\r') {
        out.write('\r');
      }
      if (lineStart && b == '.') {
        out.write('.');
      }
      out.write(b);
      lineStart = b == '\n';
      previous = b;
    }
    if (previous == '\r') {
      out.write('\n');
    } else if (previous != '\n' && previous != -1) {
      out.write('\r');
      out.write('\n');
    }
    out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @Test
  void bdatSendsTheBytesAsTheyAreInChunksTheLastMarked() throws IOException {
    byte[] message = new byte[150 * 1024];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) (i % 7 == 0 ? '\n' : i % 11 == 0 ? '.' : 'a' + i % 26);
    }
    LmtpClient c = reading("250 2.0.0 chunk\r\n250 2.0.0 chunk\r\n");
    assertNull(c.bdat(new ByteArrayInputStream(message)));
    byte[] out = sent.toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = 0;
    List<String> commands = new java.util.ArrayList<>();
    while (at < out.length) {
      int eol = at;
      while (out[eol] != '\n') {
        eol++;
      }
      String command = new String(out, at, eol - 1 - at, StandardCharsets.US_ASCII);
      commands.add(command);
      int n = Integer.parseInt(command.split(" ")[1]);
      body.write(out, eol + 1, n);
      at = eol + 1 + n;
    }
    assertEquals(List.of("BDAT 65536", "BDAT 65536", "BDAT 22528 LAST"), commands);
    assertArrayEquals(message, body.toByteArray());
  }

  @Test
  void bdatStopsAtAChunkTheServerRefuses() throws IOException {
    byte[] message = new byte[100 * 1024];
    LmtpClient c = reading("552 5.3.4 message too big\r\n");
    LmtpClient.Reply refused = c.bdat(new ByteArrayInputStream(message));
    assertEquals(552, refused.code());
    assertTrue(sent().startsWith("BDAT 65536\r\n"));
    assertFalse(sent().contains("LAST"), "nothing after the refused chunk");
  }
}
