package dev.msgstore.projections.model;

import dev.msgstore.journal.event.QuotaEvent;

/** A quota root's usage (derived from its messages) and limits ({@code -1}: unlimited). */
public record QuotaRecord(
    String root, long usedBytes, long usedMessages, long limitBytes, long limitMessages) {

  public static QuotaRecord empty(String root) {
    return new QuotaRecord(root, 0, 0, QuotaEvent.UNLIMITED, QuotaEvent.UNLIMITED);
  }

  public QuotaRecord plus(long bytes, long messages) {
    return new QuotaRecord(
        root, usedBytes + bytes, usedMessages + messages, limitBytes, limitMessages);
  }

  public QuotaRecord withLimits(long bytes, long messages) {
    return new QuotaRecord(root, usedBytes, usedMessages, bytes, messages);
  }

  /** Whether one more message of {@code size} bytes would go over a limit. */
  public boolean wouldExceed(long size) {
    return wouldExceed(size, 1);
  }

  /** Whether {@code messages} more messages of {@code bytes} in all would go over a limit. */
  public boolean wouldExceed(long bytes, long messages) {
    return (limitBytes >= 0 && usedBytes + bytes > limitBytes)
        || (limitMessages >= 0 && usedMessages + messages > limitMessages);
  }
}
