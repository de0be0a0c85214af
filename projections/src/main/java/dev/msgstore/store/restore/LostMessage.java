package dev.msgstore.store.restore;

/**
 * A message a restore cannot bring back: its body is no longer in the body store (purged and
 * reclaimed). {@code mailbox} and {@code uid} are as they were at the instant.
 */
public record LostMessage(String mailbox, long uid, String messageId, long size) {}
