package dev.msgstore.store.directory;

import dev.msgstore.store.Rejected;
import java.util.Locale;

/**
 * A hosted domain's {@code mailDomainStatus} / {@code inetDomainStatus}. {@link #OVERQUOTA} is what
 * {@code imquotacheck -f} sets when the domain's disk quota is exceeded: it refuses new mail but
 * keeps the domain's users otherwise usable.
 */
public enum DomainStatus {
  ACTIVE,
  INACTIVE,
  HOLD,
  DELETED,
  REMOVED,
  OVERQUOTA;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean acceptsMail() {
    return this == ACTIVE;
  }

  public static DomainStatus parse(String word) {
    for (DomainStatus s : values()) {
      if (s.word().equalsIgnoreCase(word.strip())) {
        return s;
      }
    }
    throw Rejected.invalid(
        "unknown domain status '"
            + word
            + "' (expected active, inactive, hold, deleted, removed, overquota)");
  }
}
