package dev.msgstore.projections.model;

/** A message expunged from its mailbox and not yet purged: it can still be restored. */
public record ExpungedMessage(MessageRecord message, long expungedMicros) {}
