package dev.msgstore.services.cli;

import java.util.List;

/**
 * What {@code start-msg} or {@code stop-msg} did: the daemon's pid (-1 when none ran), whether it
 * ran before the verb, whether SIGKILL was used, and the components concerned (for {@code stop-msg}
 * of some components, those stopped; for {@code start-msg}, each component's status once ready).
 */
public record DaemonRun(
    long pid, boolean wasRunning, boolean forced, List<ComponentStatus> components) {
  public DaemonRun {
    components = List.copyOf(components);
  }
}
