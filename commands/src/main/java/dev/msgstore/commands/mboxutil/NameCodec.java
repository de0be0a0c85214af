package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.VerbFailure;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Mailbox names between the store's internal form, modified UTF-7 (RFC 3501 section 5.1.3), and the
 * encoding given with {@code -E}. Without {@code -E} names are modified UTF-7 on the command line,
 * in files and in output, as the store holds them (the reference's stable, ASCII format); with
 * {@code -E UTF-8} (or another charset) they are readable text. UTF-16 and UTF-32 are refused, as
 * the reference says.
 */
final class NameCodec {
  private static final Set<String> MUTF7 =
      Set.of("M-UTF-7", "MUTF-7", "MUTF7", "MODIFIED-UTF-7", "IMAP-UTF-7", "X-IMAP4-MODIFIED-UTF7");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final Charset charset; // null: modified UTF-7

  private NameCodec(Charset charset) {
    this.charset = charset;
  }

  static NameCodec of(String encoding) {
    if (encoding == null || MUTF7.contains(encoding.toUpperCase(Locale.ROOT))) {
      return new NameCodec(null);
    }
    String upper = encoding.toUpperCase(Locale.ROOT);
    if (upper.startsWith("UTF-16")
        || upper.startsWith("UTF-32")
        || upper.startsWith("UTF16")
        || upper.startsWith("UTF32")) {
      throw VerbFailure.usage(
          "-E " + encoding + ": UTF-16 and UTF-32 are not supported; use UTF-8");
    }
    try {
      return new NameCodec(Charset.forName(encoding));
    } catch (IllegalArgumentException e) {
      throw VerbFailure.usage("-E " + encoding + ": unknown encoding");
    }
  }

  boolean isModifiedUtf7() {
    return charset == null;
  }

  /** The charset files (-f, -w) are read and written in. */
  Charset fileCharset() {
    return charset == null ? StandardCharsets.US_ASCII : charset;
  }

  /** A name as given (in this encoding) to the store's modified UTF-7. */
  String toInternal(String given) {
    if (charset == null) {
      String problem = mutf7Problem(given);
      if (problem != null) {
        throw new VerbFailure(
            65, "not a modified UTF-7 mailbox name (" + problem + "; use -E UTF-8): " + given);
      }
      return given;
    }
    if (!charset.newEncoder().canEncode(given)) {
      throw new VerbFailure(65, "mailbox name not in " + charset.name() + ": " + given);
    }
    return encode(given);
  }

  /** A stored name for output in this encoding. */
  String toDisplay(String internal) {
    return charset == null ? internal : decodeLenient(internal);
  }

  /** Unicode text to modified UTF-7. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '&') {
        out.append("&-");
        i++;
      } else if (c >= 0x20 && c <= 0x7e) {
        out.append(c);
        i++;
      } else {
        int j = i;
        while (j < text.length() && (text.charAt(j) < 0x20 || text.charAt(j) > 0x7e)) {
          j++;
        }
        byte[] utf16 = text.substring(i, j).getBytes(StandardCharsets.UTF_16BE);
        out.append('&').append(B64.encodeToString(utf16).replace('/', ',')).append('-');
        i = j;
      }
    }
    return out.toString();
  }

  /** Modified UTF-7 to Unicode; a malformed shift sequence is left as it is. */
  static String decodeLenient(String mutf7) {
    StringBuilder out = new StringBuilder(mutf7.length());
    int i = 0;
    while (i < mutf7.length()) {
      char c = mutf7.charAt(i);
      int end = c == '&' ? mutf7.indexOf('-', i + 1) : -1;
      if (end < 0) {
        out.append(c);
        i++;
        continue;
      }
      if (end == i + 1) {
        out.append('&');
      } else {
        String decoded = decodeShift(mutf7.substring(i + 1, end));
        out.append(decoded == null ? mutf7.substring(i, end + 1) : decoded);
      }
      i = end + 1;
    }
    return out.toString();
  }

  /** Why {@code s} is not modified UTF-7, or null when it is. */
  static String mutf7Problem(String s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return c < 0x20 || c == 0x7f
            ? String.format("control character 0x%02x", (int) c)
            : "non-ASCII character '" + c + "'";
      }
      if (c == '&') {
        int end = s.indexOf('-', i + 1);
        if (end < 0) {
          return "'&' without its closing '-'";
        }
        if (end > i + 1 && decodeShift(s.substring(i + 1, end)) == null) {
          return "bad '&" + s.substring(i + 1, end) + "-' sequence";
        }
        i = end + 1;
      } else {
        i++;
      }
    }
    return null;
  }

  private static String decodeShift(String b64) {
    for (int k = 0; k < b64.length(); k++) {
      char c = b64.charAt(k);
      if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '+' && c != ',') {
        return null;
      }
    }
    byte[] bytes;
    try {
      bytes = B64D.decode(b64.replace(',', '/'));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes.length == 0 || bytes.length % 2 != 0) {
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_16BE
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      // Printable ASCII must not be encoded (RFC 3501: it represents itself).
      for (int k = 0; k < text.length(); k++) {
        if (text.charAt(k) >= 0x20 && text.charAt(k) <= 0x7e) {
          return null;
        }
      }
      return text;
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
