package dev.msgstore.store.directory;

import dev.msgstore.journal.event.DirectoryEntryEvent.DomainEntry;
import dev.msgstore.journal.event.DirectoryEntryEvent.UserEntry;
import dev.msgstore.projections.model.DirectoryDomainEntry;
import dev.msgstore.projections.model.DirectoryUserEntry;

/** Between the directory's records and the embedded directory's journal entries. */
public final class Entries {
  private Entries() {}

  public static UserEntry entry(DirectoryUser u) {
    return new UserEntry(
        u.uid(),
        u.domain(),
        u.mail(),
        u.aliases(),
        u.status().word(),
        u.quota().bytes(),
        u.quota().messages(),
        u.mailHost(),
        u.partition());
  }

  public static DirectoryUser user(DirectoryUserEntry stored) {
    UserEntry e = stored.entry();
    return new DirectoryUser(
        e.uid(),
        e.domain(),
        e.mail(),
        e.aliases(),
        UserStatus.parse(e.status()),
        stored.statusChangedMicros(),
        new QuotaLimits(e.quotaBytes(), e.quotaMessages()),
        e.mailHost(),
        e.partition(),
        stored.password().encoded());
  }

  public static DomainEntry entry(DirectoryDomain d) {
    return new DomainEntry(
        d.name(), d.status().word(), d.quota().bytes(), d.quota().messages(), d.defaultPartition());
  }

  public static DirectoryDomain domain(DirectoryDomainEntry stored) {
    DomainEntry e = stored.entry();
    return new DirectoryDomain(
        e.name(),
        DomainStatus.parse(e.status()),
        stored.statusChangedMicros(),
        new QuotaLimits(e.quotaBytes(), e.quotaMessages()),
        e.defaultPartition());
  }
}
