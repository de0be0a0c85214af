package dev.msgstore.commands.imcheck;

import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import java.util.List;

/**
 * What {@code imcheck -m} (and {@code -x}, {@code -p}, {@code -f}) reports about a mailbox: the
 * block's fields, then the message table ({@code messages}, null with {@code -H} or {@code -e}) or
 * with {@code -e} the messages expunged and not yet purged ({@code expunged}, null otherwise).
 * Dates are milliseconds since the epoch, 0 for none. {@code userFlags} are the mailbox's keywords
 * in order of first use: keyword {@code i} is bit {@code i} of a row's UFlags. With {@code -F} the
 * messages are not read: {@code largestBytes}, {@code oldestMillis} and {@code oldestUid} are -1,
 * {@code userFlags} is empty and there is no table.
 */
public record MailboxInfo(
    String name,
    long exists,
    long largestBytes,
    long lastAppendMillis,
    long lastUid,
    long oldestMillis,
    long oldestUid,
    long quotaUsedBytes,
    long uidValidity,
    List<AclEntry> acl,
    List<String> userFlags,
    boolean subscribed,
    String partition,
    String path,
    List<MessageRow> messages,
    List<ExpungedMessage> expunged) {

  public MailboxInfo {
    acl = List.copyOf(acl);
    userFlags = List.copyOf(userFlags);
    messages = messages == null ? null : List.copyOf(messages);
    expunged = expunged == null ? null : List.copyOf(expunged);
  }

  MailboxInfo withMessages(List<MessageRow> table) {
    return with(table, expunged);
  }

  MailboxInfo withExpunged(List<ExpungedMessage> notYetPurged) {
    return with(messages, notYetPurged);
  }

  private MailboxInfo with(List<MessageRow> table, List<ExpungedMessage> notYetPurged) {
    return new MailboxInfo(
        name,
        exists,
        largestBytes,
        lastAppendMillis,
        lastUid,
        oldestMillis,
        oldestUid,
        quotaUsedBytes,
        uidValidity,
        acl,
        userFlags,
        subscribed,
        partition,
        path,
        table,
        notYetPurged);
  }
}
