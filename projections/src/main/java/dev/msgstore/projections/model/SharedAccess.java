package dev.msgstore.projections.model;

/** The last time a user other than the owner opened a shared mailbox. */
public record SharedAccess(long mailboxId, String userId, long lastMicros) {}
