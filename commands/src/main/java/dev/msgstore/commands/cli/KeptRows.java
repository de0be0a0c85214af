package dev.msgstore.commands.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a listing, kept for the verb's result only when its caller reads results (a script, a
 * test); the launcher's own run only counts them, so that a listing of millions of messages or
 * commits still streams in constant memory.
 */
public final class KeptRows<T> {
  private final List<T> rows;
  private long count;

  public KeptRows(CliContext ctx) {
    this.rows = ctx.keepsResults() ? new ArrayList<>() : null;
  }

  public void add(T row) {
    count++;
    if (rows != null) {
      rows.add(row);
    }
  }

  public long count() {
    return count;
  }

  /** The rows, or null when they were not kept. */
  public List<T> rows() {
    return rows == null ? null : Collections.unmodifiableList(rows);
  }
}
