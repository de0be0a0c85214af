package dev.msgstore.commands.imcheck;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The reference's date stamps ({@code yyyyMMddHHmmss}, local time): {@code TZ} when set (a leading
 * ':' allowed), else the JVM's zone. A date the store does not have prints as {@code -}.
 */
record Stamps(ZoneId zone) {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  static Stamps of(Map<String, String> env) {
    String tz = env.get("TZ");
    if (tz != null && !tz.isBlank()) {
      try {
        return new Stamps(ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz));
      } catch (DateTimeException e) {
        // an unknown TZ: the JVM's default, as date(1) falls back
      }
    }
    return new Stamps(ZoneId.systemDefault());
  }

  /** A date in milliseconds since the epoch; 0 or less (never set) prints as {@code -}. */
  String millis(long millis) {
    return millis <= 0 ? "-" : FORMAT.format(Instant.ofEpochMilli(millis).atZone(zone));
  }

  String micros(long micros) {
    return millis(micros / 1000);
  }
}
