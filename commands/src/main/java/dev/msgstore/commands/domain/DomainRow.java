package dev.msgstore.commands.domain;

import dev.msgstore.commands.user.Sizes;
import dev.msgstore.store.directory.DirectoryDomain;
import java.time.Instant;

/**
 * A hosted domain as {@code domain show} and {@code domain list} give it.
 *
 * @param statusChanged when the status last changed (ISO-8601), empty when not known
 * @param quotaBytes the domain's disk quota, -1 for none
 * @param quotaMessages the domain's message quota, -1 for none
 * @param defaultPartition where its users' mailboxes go; empty for the store's default
 */
public record DomainRow(
    String name,
    String status,
    String statusChanged,
    long quotaBytes,
    long quotaMessages,
    String defaultPartition) {

  public static DomainRow of(DirectoryDomain d) {
    long m = d.statusChangedMicros();
    return new DomainRow(
        d.name(),
        d.status().word(),
        m == 0 ? "" : Instant.ofEpochSecond(m / 1_000_000, (m % 1_000_000) * 1000).toString(),
        d.quota().bytes(),
        d.quota().messages(),
        d.defaultPartition());
  }

  /** {@code name status}: one line of {@code domain list}. */
  public String line() {
    return name + " " + status;
  }

  public String block() {
    return String.join(
        "\n",
        "domain: " + name,
        "status: " + status + (statusChanged.isEmpty() ? "" : " since " + statusChanged),
        "quota: "
            + Sizes.format(quotaBytes)
            + " bytes, "
            + Sizes.formatCount(quotaMessages)
            + " messages",
        "partition: " + defaultPartition);
  }
}
