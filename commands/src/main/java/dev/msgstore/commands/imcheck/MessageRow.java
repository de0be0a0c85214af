package dev.msgstore.commands.imcheck;

import dev.msgstore.projections.model.MessageRecord;

/**
 * A message as a row of {@code imcheck -m}'s table or a line of {@code -D}: its number in the
 * mailbox (1-based, in UID order) and what the index holds for it.
 */
public record MessageRow(String mailbox, long msgNo, MessageRecord message) {}
