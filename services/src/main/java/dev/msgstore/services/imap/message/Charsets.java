package dev.msgstore.services.imap.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Charset names from messages to java.nio charsets, and the byte-string convention. */
final class Charsets {
  private Charsets() {}

  /** The charset a message names, or null when Java does not know it. */
  static Charset lookup(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim();
    if (n.isEmpty()) {
      return null;
    }
    try {
      return Charset.forName(n);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The text of {@code raw} in {@code cs}, or null when it is not valid there. */
  static String decodeStrict(byte[] raw, Charset cs) {
    try {
      return cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** A byte string read as UTF-8 where it is valid UTF-8, else as ISO-8859-1. */
  static String readable(String byteString) {
    if (isAscii(byteString)) {
      return byteString;
    }
    byte[] raw = byteString.getBytes(StandardCharsets.ISO_8859_1);
    String utf8 = decodeStrict(raw, StandardCharsets.UTF_8);
    return utf8 != null ? utf8 : byteString;
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
