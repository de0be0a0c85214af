package dev.msgstore.commands.reconstruct;

import java.util.List;

/**
 * What the mailbox check found: the mailboxes and messages whose bodies it verified ({@code
 * figures}), every bad body with what was done about it, and how many were restored from another
 * partition, expunged ({@code -f}) or left damaged.
 */
public record BodyReport(
    int mailboxes,
    Figures figures,
    List<BodyProblem> problems,
    int restored,
    int expunged,
    int left) {
  public BodyReport {
    problems = List.copyOf(problems);
  }

  /** The summary line: {@code N damaged bodies: N restored, N expunged, N left}. */
  String line() {
    return problems.size()
        + " damaged bodies: "
        + restored
        + " restored, "
        + expunged
        + " expunged, "
        + left
        + " left";
  }
}
