package dev.msgstore.services.cli;

import java.util.List;

/**
 * A daemon component as the control channel reports it: {@code state} is ready, not-ready or
 * stopped; {@code detail} says what was checked ({@code listening on http://127.0.0.1:20480/}).
 */
public record ComponentStatus(String component, String state, String detail) {
  /** From a status line, {@code NAME ready|not-ready|stopped DETAIL}. */
  static ComponentStatus of(String statusLine) {
    String[] f = statusLine.split(" ", 3);
    return new ComponentStatus(f[0], f.length > 1 ? f[1] : "", f.length > 2 ? f[2] : "");
  }

  static List<ComponentStatus> of(List<String> statusLines) {
    return statusLines.stream().map(ComponentStatus::of).toList();
  }
}
