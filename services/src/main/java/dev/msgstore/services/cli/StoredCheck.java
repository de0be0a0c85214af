package dev.msgstore.services.cli;

import java.util.List;

/**
 * What {@code stored} found or did: with {@code -t}, whether the daemon's store component is ready
 * and what was checked; with {@code -r} or {@code -R}, the paths removed and the lines about what
 * was kept.
 */
public record StoredCheck(
    boolean ready, long daemonPid, String detail, List<String> removed, List<String> kept) {
  public StoredCheck {
    removed = List.copyOf(removed);
    kept = List.copyOf(kept);
  }
}
