package dev.msgstore.projections;

/**
 * The last quota notice a user was given ({@code quota.notified}): by which rule, at what percent
 * of their quota, when, and since when they have been over it (0: not over).
 */
public record QuotaNotice(String rule, int percent, long atMicros, long overSinceMicros) {
  static QuotaNotice parse(String stored) {
    String[] f = stored.split("\t", -1);
    return new QuotaNotice(
        f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
  }
}
