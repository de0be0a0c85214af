package dev.msgstore.projections.model;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import java.util.List;
import java.util.Set;

/** A message in a mailbox's index. Dates are milliseconds since the epoch. */
public record MessageRecord(
    long mailboxId,
    long uid,
    Digest digest,
    long size,
    int headerSize,
    long internalDate,
    long sentDate,
    Set<SystemFlag> flags,
    List<String> keywords,
    String messageId) {

  public MessageRecord {
    flags = Set.copyOf(flags);
    keywords = List.copyOf(keywords);
  }

  public static MessageRecord of(MessageEvent.Appended a) {
    return new MessageRecord(
        a.mailboxId(),
        a.uid(),
        a.digest(),
        a.size(),
        a.headerSize(),
        a.internalDate(),
        a.sentDate(),
        a.flags(),
        a.keywords(),
        a.messageId());
  }

  public MessageRecord withFlags(Set<SystemFlag> newFlags, List<String> newKeywords) {
    return new MessageRecord(
        mailboxId,
        uid,
        digest,
        size,
        headerSize,
        internalDate,
        sentDate,
        newFlags,
        newKeywords,
        messageId);
  }

  public MessageRecord withUid(long newUid) {
    return new MessageRecord(
        mailboxId,
        newUid,
        digest,
        size,
        headerSize,
        internalDate,
        sentDate,
        flags,
        keywords,
        messageId);
  }
}
