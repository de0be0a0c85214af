package dev.msgstore.commands.imcheck;

import dev.msgstore.projections.model.MessageRecord;

/**
 * {@code imcheck -b}: the message whose stored bytes were written, and how many. The bytes are not
 * kept (a body may be 100 MB): a script reads them with {@code store.body(mailbox, uid)}.
 */
public record MessageBody(String mailbox, long msgNo, MessageRecord message, long written) {}
