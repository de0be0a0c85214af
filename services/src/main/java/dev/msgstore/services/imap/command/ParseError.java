package dev.msgstore.services.imap.command;

/**
 * A command the parser could not read: answered {@code tag BAD message} (RFC 3501 section 7.1.3).
 * The tag is "*" when the line had none.
 */
public final class ParseError extends Exception {
  private static final long serialVersionUID = 1L;
  private final String tag;

  public ParseError(String tag, String message) {
    super(message);
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
