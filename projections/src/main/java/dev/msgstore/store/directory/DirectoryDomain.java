package dev.msgstore.store.directory;

/**
 * A hosted domain as the directory holds it.
 *
 * @param name the domain name, lower-case
 * @param status {@code mailDomainStatus}
 * @param statusChangedMicros when the status last changed, microseconds since the epoch
 * @param quota the domain's disk quota ({@code mailDomainDiskQuota}) and message quota ({@code
 *     mailDomainMsgQuota}), over all its users
 * @param defaultPartition the partition its users' mailboxes go to unless theirs says otherwise;
 *     empty for the store's default
 */
public record DirectoryDomain(
    String name,
    DomainStatus status,
    long statusChangedMicros,
    QuotaLimits quota,
    String defaultPartition) {

  public DirectoryDomain {
    name = Addresses.domain(name);
  }

  public DirectoryDomain withStatus(DomainStatus s, long atMicros) {
    return new DirectoryDomain(name, s, atMicros, quota, defaultPartition);
  }

  public DirectoryDomain withQuota(QuotaLimits q) {
    return new DirectoryDomain(name, status, statusChangedMicros, q, defaultPartition);
  }
}
