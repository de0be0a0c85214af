package dev.msgstore.services.cli;

/**
 * What {@code refresh} did to a component: {@code outcome} is {@code applied} (an option the
 * catalog marks refreshable changed, and the component took it up), {@code restart} (an option
 * changed that only a restart takes up), {@code unchanged}, {@code stopped} (named but not
 * running), {@code failed} or {@code later} (the daemon started after the request, with the
 * configuration as it is). {@code option}, {@code was} and {@code now} are empty unless an option
 * changed; an empty {@code was} or {@code now} is an option unset.
 */
public record Refreshed(String component, String outcome, String option, String was, String now) {
  /** The line {@code refresh} prints. */
  String line() {
    return switch (outcome) {
      case "applied" ->
          component + ": applied " + option + " = " + shown(now) + " (was " + shown(was) + ")";
      case "restart" ->
          component
              + ": "
              + option
              + " = "
              + shown(now)
              + " (was "
              + shown(was)
              + "): needs a restart ("
              + (component.equals("store")
                  ? "stop-msg, then start-msg"
                  : "stop-msg " + component + ", then start-msg " + component)
              + ")";
      case "unchanged" -> component + ": nothing changed since it started";
      case "stopped" -> component + ": not running; nothing to refresh";
      case "failed" -> component + ": refresh failed: " + now;
      default ->
          "the daemon started after the request: it runs with the configuration as it is now";
    };
  }

  private static String shown(String value) {
    return value.isEmpty() ? "unset" : value;
  }
}
