package dev.msgstore.commands.imdbverify;

/**
 * A snapshot {@code imdbverify} took or verified: its name, kind ({@code full} or {@code
 * incremental}), the journal index it covers, the full snapshot it builds on (incremental), and for
 * {@code -m} whether a replay of the journal to that index gave the same projections.
 */
public record SnapshotReport(String name, String kind, long index, String base, Boolean verified) {}
