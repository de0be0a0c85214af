package dev.msgstore.services.imap.message;

import java.util.List;

/**
 * One part of a parsed message, with its byte offsets in the message: its header is {@code
 * [headerStart, bodyStart)}, its body {@code [bodyStart, bodyEnd)}; {@code lines} counts the LFs in
 * the body. A multipart's children are its parts; a message/rfc822 part has one child, the message
 * it holds (whose header starts where this part's body does). Strings are byte strings (one char a
 * byte). {@code envelope} is set for the root and for a message/rfc822's child.
 */
record MimePart(
    long headerStart,
    long bodyStart,
    long bodyEnd,
    long lines,
    Kind kind,
    Content content,
    Envelope envelope,
    List<MimePart> children) {

  /** How the parser treated the part (Dovecot's flags). */
  enum Kind {
    /** text/*, or no (valid MIME) Content-Type: a line count in BODYSTRUCTURE. */
    TEXT,
    /** A multipart with parts (or none, when its boundary never came). */
    MULTIPART,
    /** message/rfc822 with its message parsed as the child. */
    MESSAGE,
    /** Any other single part. */
    OTHER,
    /**
     * A multipart or message/rfc822 the depth or part limit stopped: written as
     * application/octet-stream, as Dovecot does.
     */
    TRUNCATED
  }

  /**
   * The Content-* fields; type and subtype null when there was no Content-Type (or no MIME), ""
   * when it was broken.
   */
  record Content(
      String type,
      String subtype,
      List<ContentFields.Param> params,
      String id,
      String description,
      String encoding,
      String md5,
      String disposition,
      List<ContentFields.Param> dispositionParams,
      List<String> language,
      String location) {
    static final Content NONE =
        new Content(null, null, List.of(), null, null, null, null, null, List.of(), null, null);
  }

  MimePart {
    children = List.copyOf(children);
  }

  long bodySize() {
    return bodyEnd - bodyStart;
  }

  /** Parts in this tree, this one included. */
  int count() {
    int n = 1;
    for (MimePart c : children) {
      n += c.count();
    }
    return n;
  }
}
