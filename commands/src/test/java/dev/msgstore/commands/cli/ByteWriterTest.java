package dev.msgstore.commands.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A verb's byte output: exact on a byte stream, decoded (whole sequences) on a character one. */
class ByteWriterTest {
  static final byte[] MIXED = {'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xE9, 0, (byte) 0xFF, '\n'};

  @Test
  void bytesFollowTheTextWrittenBeforeThemExactly() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    ByteWriter out = new ByteWriter(sink, false);
    out.print("é:");
    try (OutputStream b = ByteWriter.bytesOf(out)) {
      b.write(MIXED);
    }
    out.print("!");
    out.flush();
    byte[] expected = new byte[MIXED.length + 4];
    System.arraycopy(new byte[] {(byte) 0xC3, (byte) 0xA9, ':'}, 0, expected, 0, 3);
    System.arraycopy(MIXED, 0, expected, 3, MIXED.length);
    expected[expected.length - 1] = '!';
    assertArrayEquals(expected, sink.toByteArray());
  }

  @Test
  void onACharacterWriterASequenceSplitAcrossWritesStaysWhole() throws IOException {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    try (OutputStream b = ByteWriter.bytesOf(out)) {
      for (byte x : MIXED) {
        b.write(x); // é arrives in two writes
      }
      b.write(0xE2); // a sequence the end cuts short
    }
    assertEquals("aé\uFFFD\u0000\uFFFD\n\uFFFD", text.toString());
  }
}
