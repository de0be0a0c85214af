package dev.msgstore.journal;

import java.util.SortedMap;

/**
 * A damaged commit before the journal's tail, and what lies around it: what an administrator weighs
 * before skipping it (its events are lost, the later commits kept) or stopping at it (it and every
 * later commit are set aside).
 *
 * @param index the damaged commit's index
 * @param why what is wrong with it (a failed checksum, a frame cut short, ...)
 * @param previousMicros the time of the intact commit before it ({@code -1} if none): it was
 *     written after that
 * @param after the documents after it
 */
public record DamagedCommit(long index, String why, long previousMicros, Following after) {

  /**
   * The documents after a damaged commit, up to the end of the journal.
   *
   * @param commits the intact commits
   * @param damaged further damaged documents
   * @param firstMicros the time of the first intact commit ({@code -1} if none)
   * @param lastMicros the time of the last intact commit ({@code -1} if none)
   * @param events how many events of each type the intact commits hold
   */
  public record Following(
      long commits,
      long damaged,
      long firstMicros,
      long lastMicros,
      SortedMap<String, Long> events) {
    public Following {
      events = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(events));
    }
  }
}
