package dev.msgstore.store.delivery;

/** The copy is in {@code mailbox} under {@code uid}, durably (its commit has been synced). */
public record Delivered(String user, String mailbox, long uid) implements Result {}
