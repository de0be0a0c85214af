package dev.msgstore.services.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A SASL PLAIN response (RFC 4616): {@code authzid NUL authcid NUL passwd}, base64 as IMAP's
 * AUTHENTICATE and POP3's AUTH carry it.
 */
public record SaslPlain(String authzid, String authcid, char[] password) {

  /** Decodes {@code base64}; a malformed response fails with a line for the client. */
  public static SaslPlain decode(String base64) {
    byte[] plain;
    try {
      plain = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The response is not base64");
    }
    try {
      int first = indexOf(plain, 0);
      int second = first < 0 ? -1 : indexOf(plain, first + 1);
      if (second < 0) {
        throw new IllegalArgumentException("A PLAIN response is authzid NUL authcid NUL password");
      }
      String authz = new String(plain, 0, first, StandardCharsets.UTF_8);
      String authc = new String(plain, first + 1, second - first - 1, StandardCharsets.UTF_8);
      CharBuffer pw =
          StandardCharsets.UTF_8.decode(
              ByteBuffer.wrap(plain, second + 1, plain.length - second - 1));
      char[] password = new char[pw.remaining()];
      pw.get(password);
      return new SaslPlain(authz, authc, password);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Whether the client asks to act as someone else than the one it authenticates as. */
  public boolean actsAsAnother() {
    return !authzid.isEmpty() && !authzid.equals(authcid);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
