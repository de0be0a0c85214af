package dev.msgstore.store.directory;

import dev.msgstore.store.Rejected;

/**
 * Quota limits as the directory holds them ({@code mailQuota}, {@code mailMsgQuota}): bytes and
 * messages, each {@link #UNLIMITED} (-1, the reference's value for "no limit") or a count of zero
 * or more.
 */
public record QuotaLimits(long bytes, long messages) {
  public static final long UNLIMITED = -1;
  public static final QuotaLimits NONE = new QuotaLimits(UNLIMITED, UNLIMITED);

  public QuotaLimits {
    if (bytes < UNLIMITED || messages < UNLIMITED) {
      throw Rejected.invalid("a quota limit is -1 (unlimited) or zero or more");
    }
  }

  public boolean limitsBytes() {
    return bytes != UNLIMITED;
  }

  public boolean limitsMessages() {
    return messages != UNLIMITED;
  }

  public QuotaLimits withBytes(long b) {
    return new QuotaLimits(b, messages);
  }

  public QuotaLimits withMessages(long m) {
    return new QuotaLimits(bytes, m);
  }
}
