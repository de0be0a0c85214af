package dev.msgstore.store.vault;

import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import java.util.concurrent.TimeUnit;

/**
 * {@code store.vault.retention}: days a message stays in the vault after it was purged or its
 * mailbox deleted, its body kept from impurge and relinker so that undelete (or a restore to an
 * instant in those days) can bring it back. 0, the default, keeps nothing: bodies are reclaimed as
 * before the vault existed.
 */
public final class VaultRetention {
  public static final String OPTION = "store.vault.retention";

  private VaultRetention() {}

  public static long days(Store store) {
    String v = store.config().value(OPTION).orElse("0").strip();
    try {
      long days = v.isEmpty() ? 0 : Long.parseLong(v);
      if (days < 0) {
        throw new NumberFormatException();
      }
      return days;
    } catch (NumberFormatException e) {
      throw Rejected.invalid(OPTION + " is not a number of days: " + v);
    }
  }

  /**
   * The vault time (microseconds) from which a message is still kept at {@code nowMillis}: one that
   * entered the vault less than the retention ago, so exactly the retention ago is not kept; at 0
   * days, none.
   */
  public static long keepFromMicros(Store store, long nowMillis) {
    long days = days(store);
    if (days == 0) {
      // Nothing is kept, also what entered the vault in this very millisecond: a commit's time has
      // microseconds (and never goes back), so it can fall after nowMillis's first microsecond.
      return Long.MAX_VALUE;
    }
    return TimeUnit.MILLISECONDS.toMicros(nowMillis) - TimeUnit.DAYS.toMicros(days) + 1;
  }
}
