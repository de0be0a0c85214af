package dev.msgstore.projections.model;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SystemFlag;
import java.util.List;
import java.util.Set;

/**
 * A message in a mailbox's index. Dates are milliseconds since the epoch: {@code internalDate} is
 * when it arrived in the store (a copy keeps it), {@code savedDate} when it was saved into this
 * mailbox (the time of the commit that appended, copied, moved or restored it here), which
 * imexpire's {@code savedays} measures. {@code summary}: the From, To and Subject the append
 * recorded (empty for a message appended before they were), which undelete searches.
 */
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
    String messageId,
    long savedDate,
    MessageEvent.Summary summary) {

  public MessageRecord {
    flags = SystemFlag.immutable(flags); // shared, unmodifiable: no hash set per message
    keywords = List.copyOf(keywords);
    summary = summary == null ? MessageEvent.Summary.NONE : summary;
  }

  /** A message whose summary is unknown. */
  public MessageRecord(
      long mailboxId,
      long uid,
      Digest digest,
      long size,
      int headerSize,
      long internalDate,
      long sentDate,
      Set<SystemFlag> flags,
      List<String> keywords,
      String messageId,
      long savedDate) {
    this(
        mailboxId,
        uid,
        digest,
        size,
        headerSize,
        internalDate,
        sentDate,
        flags,
        keywords,
        messageId,
        savedDate,
        MessageEvent.Summary.NONE);
  }

  /** The message {@code a} appends, saved into its mailbox at {@code savedDate}. */
  public static MessageRecord of(MessageEvent.Appended a, long savedDate) {
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
        a.messageId(),
        savedDate,
        a.summary());
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
        messageId,
        savedDate,
        summary);
  }

  /** The same message under another UID, saved into its mailbox at {@code newSavedDate}. */
  public MessageRecord restoredAs(long newUid, long newSavedDate) {
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
        messageId,
        newSavedDate,
        summary);
  }
}
