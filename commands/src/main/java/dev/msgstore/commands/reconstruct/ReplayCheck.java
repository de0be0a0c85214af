package dev.msgstore.commands.reconstruct;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code -m} (aspect {@code "projections"}; with {@code -p}/{@code -u} what they chose, as {@code
 * "projections of user john on partition primary"}) or {@code -s} ({@code "subscriptions"}): the
 * journal replayed into a fresh cache ({@code replay}), the live cache's differences from it by
 * table, and when there were any and {@code -n} was not given, the figures of rebuilding the live
 * cache ({@code rebuilt}, null otherwise).
 */
public record ReplayCheck(
    String aspect, Figures replay, Map<String, TableDifferences> differences, Figures rebuilt) {
  public ReplayCheck {
    differences = Collections.unmodifiableMap(new TreeMap<>(differences)); // in table order
  }

  long total() {
    return differences.values().stream().mapToLong(TableDifferences::total).sum();
  }
}
