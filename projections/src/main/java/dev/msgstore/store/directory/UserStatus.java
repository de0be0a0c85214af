package dev.msgstore.store.directory;

import dev.msgstore.store.Rejected;
import java.util.Locale;

/**
 * A user's {@code mailUserStatus} / {@code inetUserStatus}, as the reference spells the values.
 * Only {@link #ACTIVE} users receive mail or log in; {@link #DELETED} marks an account for {@code
 * msuserpurge}, {@link #REMOVED} one whose mailboxes are gone.
 */
public enum UserStatus {
  ACTIVE,
  INACTIVE,
  HOLD,
  DELETED,
  REMOVED;

  /** The word the reference and the journal use. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean acceptsMail() {
    return this == ACTIVE;
  }

  /** The status named {@code word} (any case), or {@link Rejected} naming the accepted words. */
  public static UserStatus parse(String word) {
    for (UserStatus s : values()) {
      if (s.word().equalsIgnoreCase(word.strip())) {
        return s;
      }
    }
    throw Rejected.invalid(
        "unknown user status '" + word + "' (expected active, inactive, hold, deleted, removed)");
  }
}
