package dev.msgstore.journal.codec;

/** A journal document that does not decode: written by a newer msgstore, or damaged. */
public final class CorruptCommitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptCommitException(String message) {
    super(message);
  }

  /**
   * A damaged commit before the journal's tail, in the one line every verb prints for it: which
   * commit, why, and the repair that {@code reconstruct} offers (docs/DURABILITY.md).
   */
  public static CorruptCommitException damaged(long index, String why) {
    String at = CommitCodec.hex(index);
    return new CorruptCommitException(
        "the commit at index "
            + at
            + " is damaged ("
            + why
            + "): 'msgstore reconstruct --skip-commit "
            + at
            + "' drops it, '--stop-at-commit "
            + at
            + "' it and all after it; add -n to see what each loses");
  }
}
