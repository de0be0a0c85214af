package dev.msgstore.journal.codec;

/** A journal document that does not decode: written by a newer msgstore, or damaged. */
public final class CorruptCommitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptCommitException(String message) {
    super(message);
  }
}
