package dev.msgstore.commands.reconstruct;

/**
 * How one projection table differs from a replay of the journal: entries only in the live cache,
 * entries missing from it, and entries in both whose values differ.
 */
public record TableDifferences(long onlyInCache, long missingFromCache, long changed) {
  long total() {
    return onlyInCache + missingFromCache + changed;
  }
}
