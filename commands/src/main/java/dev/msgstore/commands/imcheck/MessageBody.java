package dev.msgstore.commands.imcheck;

import dev.msgstore.projections.model.MessageRecord;

/**
 * {@code imcheck -b}: one message and its stored bytes as printed, decoded as UTF-8 (other 8-bit
 * bytes become U+FFFD).
 */
public record MessageBody(String mailbox, long msgNo, MessageRecord message, String text) {}
