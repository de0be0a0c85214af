package dev.msgstore.commands.rehostuser;

import java.util.List;

/**
 * What {@code rehostuser} did.
 *
 * @param outcome {@code moved}, {@code already moved} (a rerun after the move ended), or {@code
 *     abandoned} ({@code --abort})
 * @param resumed whether this run found the move in progress (a run that was killed) and resumed it
 * @param folders the folders that arrived, as the destination holds them after the copy
 * @param messages their messages
 * @param sourceDeleted whether the source's mailboxes were deleted (not with {@code -n})
 */
public record RehostReport(
    String user,
    String host,
    String partition,
    String outcome,
    boolean resumed,
    List<String> folders,
    long messages,
    boolean sourceDeleted) {
  public RehostReport {
    folders = List.copyOf(folders);
  }
}
