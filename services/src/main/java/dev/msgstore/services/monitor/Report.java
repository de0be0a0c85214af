package dev.msgstore.services.monitor;

import java.util.List;
import java.util.Locale;

/**
 * What one check measured: each step's time, the total, the threshold it is held to, and the error
 * that ended it (null when it went through). {@code found}: for IMAP and POP after a delivery,
 * whether the probe message was seen.
 */
public record Report(
    String service,
    String where,
    List<Step> steps,
    double totalMillis,
    double thresholdSeconds,
    String error) {

  /** One timed step ("Connect Time", "Login Time", ...). */
  public record Step(String name, double millis) {}

  public boolean exceeded() {
    return error == null && totalMillis > thresholdSeconds * 1000;
  }

  /** The reference's layout: "Smtp Statistics for: host:25", the steps, the total. */
  public List<String> lines() {
    String title = service.substring(0, 1).toUpperCase(Locale.ROOT) + service.substring(1);
    java.util.ArrayList<String> l = new java.util.ArrayList<>();
    l.add(title + " Statistics for: " + where);
    for (Step s : steps) {
      l.add(s.name() + ": " + String.format(Locale.ROOT, "%.3f", s.millis()) + " ms");
    }
    if (error != null) {
      l.add("ERROR: " + service.toUpperCase(Locale.ROOT) + " " + where + ": " + error);
    } else {
      l.add(
          "Total "
              + service.toUpperCase(Locale.ROOT)
              + " Time: "
              + String.format(Locale.ROOT, "%.3f", totalMillis)
              + " Milliseconds");
    }
    return l;
  }

  /** The reference's alert line. */
  public String alert() {
    return "ALERT: "
        + service
        + " exceeds threshold Response time="
        + String.format(Locale.ROOT, "%.3f", totalMillis / 1000)
        + "secs/Threshold="
        + String.format(Locale.ROOT, "%.3f", thresholdSeconds)
        + "secs";
  }
}
