package dev.msgstore.commands.imcheck;

/**
 * {@code imcheck -q}: a mailbox's messages expunged and not yet purged, the purge still to do: how
 * many, their bytes, and when the oldest was expunged (microseconds since the epoch).
 */
public record PendingPurge(String mailbox, long messages, long bytes, long oldestExpungeMicros) {
  PendingPurge plus(long size, long micros) {
    return new PendingPurge(
        mailbox, messages + 1, bytes + size, Math.min(oldestExpungeMicros, micros));
  }
}
