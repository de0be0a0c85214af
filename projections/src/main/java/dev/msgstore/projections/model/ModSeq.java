package dev.msgstore.projections.model;

/**
 * A message's modification sequence (RFC 7162): the journal index of the commit that appended it or
 * last changed its flags, or, once {@code expunged}, of the commit that expunged it.
 */
public record ModSeq(long mailboxId, long uid, long modSeq, boolean expunged) {}
