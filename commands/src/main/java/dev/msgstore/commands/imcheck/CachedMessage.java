package dev.msgstore.commands.imcheck;

import dev.msgstore.projections.model.MessageRecord;

/**
 * {@code imcheck -c}: what the index holds for one message (this store's "cache"), and whether its
 * body is in the body store of the mailbox's partition.
 */
public record CachedMessage(
    String mailbox, long msgNo, MessageRecord message, String partition, boolean bodyStored) {}
