package dev.msgstore.journal.body;

import java.io.IOException;

/**
 * A stored body failed its check as it was read: its record's header, its payload's CRC32C or its
 * SHA-256 is not what was written. Thrown by the stream {@link BodyStore#open} returns, before it
 * hands out the last bytes of the body, so a reader never takes a damaged body for a whole one.
 */
public final class CorruptBodyException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Digest digest;
  private final String why;

  public CorruptBodyException(Digest digest, String why) {
    super("body sha256:" + digest.hex() + " is CORRUPT: " + why);
    this.digest = digest;
    this.why = why;
  }

  public Digest digest() {
    return digest;
  }

  /** What failed, without the digest: {@code the payload's CRC32C fails (seg-….body)}. */
  public String why() {
    return why;
  }
}
