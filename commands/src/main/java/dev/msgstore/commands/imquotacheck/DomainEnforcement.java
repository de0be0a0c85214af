package dev.msgstore.commands.imquotacheck;

/**
 * What {@code -f} found for one domain: its limits, its users' usage summed, and the status it has
 * now ({@code overquota} or {@code active}), {@code changed} when this run set it.
 */
public record DomainEnforcement(
    String domain,
    long limitBytes,
    long limitMessages,
    long usedBytes,
    long usedMessages,
    String status,
    boolean changed) {

  String line() {
    return domain
        + ": "
        + usedBytes
        + " bytes, "
        + usedMessages
        + " messages of "
        + (limitBytes < 0 ? "unlimited" : limitBytes + " bytes")
        + ", "
        + (limitMessages < 0 ? "unlimited" : limitMessages + " messages")
        + ": "
        + status
        + (changed ? " (set)" : "");
  }
}
