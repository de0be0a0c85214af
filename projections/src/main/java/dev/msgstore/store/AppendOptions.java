package dev.msgstore.store;

import dev.msgstore.journal.event.SystemFlag;
import java.util.List;
import java.util.Set;

/**
 * How to append a message: its initial flags and keywords, its internal date (0: now), whether a
 * missing mailbox is created, and whether the owner's quota is ignored.
 */
public record AppendOptions(
    Set<SystemFlag> flags,
    List<String> keywords,
    long internalDate,
    boolean create,
    boolean ignoreQuota) {

  public static final AppendOptions DEFAULT =
      new AppendOptions(Set.of(), List.of(), 0, false, false);

  public AppendOptions {
    flags = Set.copyOf(flags);
    keywords = List.copyOf(keywords);
  }

  public AppendOptions creating() {
    return new AppendOptions(flags, keywords, internalDate, true, ignoreQuota);
  }

  public AppendOptions withFlags(Set<SystemFlag> newFlags) {
    return new AppendOptions(newFlags, keywords, internalDate, create, ignoreQuota);
  }
}
