package dev.msgstore.commands.mboxutil;

/**
 * A mailbox {@code mboxutil -r} renamed or moved (names in the {@code -E} encoding): each child of
 * a renamed mailbox, and each mailbox of a moved account, is one of these.
 */
public record RenamedMailbox(String from, String to, String fromPartition, String toPartition) {}
