package dev.msgstore.commands.reconstruct;

import java.util.Locale;

/** What one pass did: how many items (messages, events) and bytes, in how long. */
public record Figures(String what, long items, long bytes, long nanos) {

  public double seconds() {
    return nanos / 1e9;
  }

  public double perSecond() {
    return nanos == 0 ? 0 : items / seconds();
  }

  public double mbPerSecond() {
    return nanos == 0 ? 0 : bytes / 1e6 / seconds();
  }

  /** e.g. {@code 1000 messages, 1.2 MB in 0.50 s: 2000 messages/s, 2.4 MB/s}. */
  public String line() {
    String head =
        String.format(Locale.ROOT, "%d %s", items, what)
            + (bytes > 0 ? String.format(Locale.ROOT, ", %.1f MB", bytes / 1e6) : "");
    return head
        + String.format(Locale.ROOT, " in %.2f s: %.0f %s/s", seconds(), perSecond(), what)
        + (bytes > 0 ? String.format(Locale.ROOT, ", %.1f MB/s", mbPerSecond()) : "");
  }
}
