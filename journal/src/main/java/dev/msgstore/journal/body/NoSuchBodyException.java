package dev.msgstore.journal.body;

import java.io.IOException;

/** The body store does not hold this digest, or its segment or record is gone. */
public final class NoSuchBodyException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Digest digest;

  public NoSuchBodyException(Digest digest, String why) {
    super("body " + digest.hex() + ": " + why);
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
