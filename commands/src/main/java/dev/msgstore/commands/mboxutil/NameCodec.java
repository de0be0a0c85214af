package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.model.ModifiedUtf7;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Mailbox names between the store's internal form, modified UTF-7 (RFC 3501 section 5.1.3), and the
 * encoding given with {@code -E}. Without {@code -E} names are modified UTF-7 on the command line,
 * in files and in output, as the store holds them (the reference's stable, ASCII format); with
 * {@code -E UTF-8} (or another charset) they are readable text. UTF-16 and UTF-32 are refused, as
 * the reference says.
 */
public final class NameCodec {
  private static final Set<String> MUTF7 =
      Set.of("M-UTF-7", "MUTF-7", "MUTF7", "MODIFIED-UTF-7", "IMAP-UTF-7", "X-IMAP4-MODIFIED-UTF7");

  private static final char REPLACEMENT = '\uFFFD';

  private final Charset charset; // null: modified UTF-7

  private NameCodec(Charset charset) {
    this.charset = charset;
  }

  public static NameCodec of(String encoding) {
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
  public Charset fileCharset() {
    return charset == null ? StandardCharsets.US_ASCII : charset;
  }

  /** A name as given (in this encoding) to the store's modified UTF-7. */
  public String toInternal(String given) {
    if (charset == null) {
      String problem = ModifiedUtf7.problem(given);
      if (problem != null) {
        throw new VerbFailure(
            65, "not a modified UTF-7 mailbox name (" + problem + "; use -E UTF-8): " + given);
      }
      return given;
    }
    if (given.indexOf(REPLACEMENT) >= 0 && charset.equals(StandardCharsets.UTF_8)) {
      // The JVM turned bytes that are not UTF-8 into U+FFFD before we saw them: two different
      // byte strings would collide on one name.
      throw new VerbFailure(
          65, "mailbox name is not valid UTF-8: " + given.replace(REPLACEMENT, '?'));
    }
    if (!charset.newEncoder().canEncode(given)) {
      throw new VerbFailure(65, "mailbox name not in " + charset.name() + ": " + given);
    }
    return ModifiedUtf7.encode(given);
  }

  /** A stored name for output in this encoding. */
  public String toDisplay(String internal) {
    return charset == null ? internal : ModifiedUtf7.decodeLenient(internal);
  }
}
