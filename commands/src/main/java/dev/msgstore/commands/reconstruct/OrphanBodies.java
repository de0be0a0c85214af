package dev.msgstore.commands.reconstruct;

/**
 * {@code -x}, per partition: bodies no message names, their bytes, and the bytes reclaimed by
 * compacting the partition's segments (0 with {@code -n} or in a dry run).
 */
public record OrphanBodies(String partition, long bodies, long bytes, long reclaimed) {}
