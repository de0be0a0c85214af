package dev.msgstore.commands.iminitquota;

import dev.msgstore.commands.user.Sizes;

/**
 * What {@code iminitquota} did for one user.
 *
 * @param inDirectory whether the directory knows them; if not, their limits were left as they were
 * @param limitBytes the disk quota now in force, -1 for none
 * @param limitMessages the message quota now in force, -1 for none
 * @param changed whether the limits were changed (a quota event was written)
 * @param recounted whether usage was recounted ({@code -s}); the fields below are 0 if not
 * @param usedBytes the bytes of their messages, counted from the messages themselves
 * @param usedMessages their messages, counted
 * @param overQuota whether the usage is over a limit
 */
public record QuotaInit(
    String user,
    boolean inDirectory,
    long limitBytes,
    long limitMessages,
    boolean changed,
    boolean recounted,
    long usedBytes,
    long usedMessages,
    boolean overQuota) {

  /** {@code user: quota 5G bytes, 100000 messages[ (set)][; usage … ; over quota: yes|no]} */
  public String line() {
    StringBuilder sb = new StringBuilder(user).append(": ");
    if (!inDirectory) {
      sb.append("not in the directory, quota left at ");
    } else {
      sb.append("quota ");
    }
    sb.append(Sizes.format(limitBytes))
        .append(" bytes, ")
        .append(Sizes.formatCount(limitMessages))
        .append(" messages");
    if (changed) {
      sb.append(" (set)");
    }
    if (recounted) {
      sb.append("; usage ")
          .append(usedBytes)
          .append(" bytes, ")
          .append(usedMessages)
          .append(" messages; over quota: ")
          .append(overQuota ? "yes" : "no");
    }
    return sb.toString();
  }
}
