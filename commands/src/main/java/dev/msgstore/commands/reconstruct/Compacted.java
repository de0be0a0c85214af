package dev.msgstore.commands.reconstruct;

/**
 * {@code -c}: the database compacted and the size of its data file before and after (the same in a
 * dry run, which compacts nothing).
 */
public record Compacted(String database, long bytesBefore, long bytesAfter) {}
