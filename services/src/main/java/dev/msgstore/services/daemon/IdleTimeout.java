package dev.msgstore.services.daemon;

import dev.msgstore.store.config.EffectiveConfig;

/**
 * A protocol's autologout timer ({@code service.imap.idletimeout}, {@code service.pop.idletimeout}:
 * minutes, as the reference counts them): how long a session may wait for its client, in any state
 * and inside IDLE, before the server says goodbye and closes it. 0 never logs out.
 */
public final class IdleTimeout {
  /** The option's unit: a minute. Tests of the timer construct their component with a second. */
  public static final long MINUTE_MILLIS = 60_000;

  private IdleTimeout() {}

  /**
   * The socket read timeout {@code option} asks for, counted in {@code unitMillis}: 0 for never, at
   * most {@link Integer#MAX_VALUE} (24 days). A value that is not a whole number stops the
   * component with one line naming the option.
   */
  public static int millis(
      EffectiveConfig config, String component, String option, int defaultUnits, long unitMillis) {
    long units;
    try {
      units = config.value(option).map(v -> Long.parseLong(v.strip())).orElse((long) defaultUnits);
    } catch (NumberFormatException e) {
      units = -1;
    }
    if (units < 0) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE,
          component + ": " + option + " is a number of minutes (0: never)");
    }
    return units > Integer.MAX_VALUE / unitMillis ? Integer.MAX_VALUE : (int) (units * unitMillis);
  }
}
