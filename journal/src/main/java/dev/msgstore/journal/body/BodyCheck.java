package dev.msgstore.journal.body;

/** The outcome of {@link BodyStore#verify}. */
public enum BodyCheck {
  /** The bytes are there and hash to the digest. */
  OK,
  /** The index does not name the digest, or its segment or record is gone. */
  MISSING,
  /** The record is there but its frame checksum fails or its bytes hash to another digest. */
  CORRUPT
}
