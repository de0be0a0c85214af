package dev.msgstore.commands.mboxutil;

/** A mailbox {@code mboxutil -c} created (name in the {@code -E} encoding) and its partition. */
public record CreatedMailbox(String mailbox, String partition) {}
