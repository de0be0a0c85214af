package dev.msgstore.journal;

/** What the journal holds, for imcheck -s and the bench. */
public record JournalStats(
    int cycleFiles, long commits, long bytes, long firstIndex, long lastIndex) {}
