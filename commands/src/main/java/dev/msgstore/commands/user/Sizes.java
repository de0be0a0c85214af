package dev.msgstore.commands.user;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.directory.QuotaLimits;
import java.util.Locale;

/**
 * Quota sizes as the reference writes them: a number of bytes, or with a unit K, M or G (also KB,
 * MB, GB; powers of 1024, as the reference's Quota(K) and "1KB"), and {@code none} (or -1) for no
 * limit.
 */
public final class Sizes {
  private Sizes() {}

  /** {@code text} in bytes, {@link QuotaLimits#UNLIMITED} for none; a usage error otherwise. */
  public static long bytes(String option, String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.equals("NONE") || t.equals("-1") || t.equals("UNLIMITED")) {
      return QuotaLimits.UNLIMITED;
    }
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1); // 5GB is 5G, 100B is 100
    }
    int shift =
        switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
          case 'K' -> 10;
          case 'M' -> 20;
          case 'G' -> 30;
          default -> 0;
        };
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18) {
      throw VerbFailure.usage(
          option + ": not a size: '" + text + "' (bytes, or with K, M or G; none for no limit)");
    }
    long n = Long.parseLong(digits);
    if (n > (Long.MAX_VALUE >> shift)) {
      throw VerbFailure.usage(option + ": too large: '" + text + "'");
    }
    return n << shift;
  }

  /** A message count, or {@link QuotaLimits#UNLIMITED} for {@code none}. */
  public static long count(String option, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("none") || t.equals("-1") || t.equals("unlimited")) {
      return QuotaLimits.UNLIMITED;
    }
    if (t.isEmpty() || !t.chars().allMatch(Character::isDigit) || t.length() > 18) {
      throw VerbFailure.usage(option + ": not a message count: '" + text + "' (or none)");
    }
    return Long.parseLong(t);
  }

  /** {@code bytes} in the largest unit that divides it exactly: 5G, 512K, 1000; none for -1. */
  public static String format(long bytes) {
    if (bytes == QuotaLimits.UNLIMITED) {
      return "none";
    }
    for (int shift = 30; shift >= 10; shift -= 10) {
      if (bytes != 0 && bytes % (1L << shift) == 0) {
        return (bytes >> shift) + "KMG".substring(shift / 10 - 1, shift / 10);
      }
    }
    return Long.toString(bytes);
  }

  public static String formatCount(long messages) {
    return messages == QuotaLimits.UNLIMITED ? "none" : Long.toString(messages);
  }
}
