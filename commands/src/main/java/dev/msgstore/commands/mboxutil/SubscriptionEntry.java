package dev.msgstore.commands.mboxutil;

/**
 * A personal subscription {@code mboxutil -S} lists (mailbox in the {@code -E} encoding); {@code
 * unsubscribed} when {@code -u} removed it.
 */
public record SubscriptionEntry(String user, String mailbox, boolean unsubscribed) {}
