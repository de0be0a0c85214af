package dev.msgstore.store;

import dev.msgstore.journal.event.SystemFlag;
import java.util.List;
import java.util.Set;

/**
 * How to append a message: its initial flags and keywords, its internal date (0: now), whether a
 * missing mailbox is created, whether the owner's quota is ignored, and the partition a mailbox it
 * creates goes to (null: the owner's, or the default; the directory's for a user's first INBOX).
 */
public record AppendOptions(
    Set<SystemFlag> flags,
    List<String> keywords,
    long internalDate,
    boolean create,
    boolean ignoreQuota,
    String partition) {

  public static final AppendOptions DEFAULT =
      new AppendOptions(Set.of(), List.of(), 0, false, false);

  /** Without a partition: a mailbox this append creates goes where its owner's do. */
  public AppendOptions(
      Set<SystemFlag> flags,
      List<String> keywords,
      long internalDate,
      boolean create,
      boolean ignoreQuota) {
    this(flags, keywords, internalDate, create, ignoreQuota, null);
  }

  public AppendOptions {
    flags = Set.copyOf(flags);
    keywords = List.copyOf(keywords);
  }

  public AppendOptions creating() {
    return new AppendOptions(flags, keywords, internalDate, true, ignoreQuota, partition);
  }

  public AppendOptions withFlags(Set<SystemFlag> newFlags) {
    return new AppendOptions(newFlags, keywords, internalDate, create, ignoreQuota, partition);
  }
}
