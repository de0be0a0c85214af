package dev.msgstore.commands.reconstruct;

import dev.msgstore.journal.DamagedCommit;

/**
 * What {@code reconstruct --skip-commit} or {@code --stop-at-commit} found and did.
 *
 * @param choice what was asked: skip the damaged commit, or stop the journal at it
 * @param damaged the damaged commit and what follows it
 * @param voided how many documents were voided (0 with -n or in a dry run)
 * @param rebuilt the rebuild of the projections that followed, null when nothing was written
 */
public record CommitRepair(Choice choice, DamagedCommit damaged, long voided, Figures rebuilt) {
  /** The two repairs of a damaged commit before the tail (docs/DURABILITY.md). */
  public enum Choice {
    /** Void it alone: its events are lost, every later commit is kept. */
    SKIP,
    /** Void it and every later commit: the store goes back to its state before it. */
    STOP
  }
}
