package dev.msgstore.journal.body;

/**
 * What a body store holds.
 *
 * @param segments segment files on disk
 * @param records bodies in the index (distinct digests)
 * @param bytes total size of those bodies (payload bytes, without frames, dead records or
 *     duplicates: the segment files may hold more until they are compacted)
 */
public record BodyStoreStats(int segments, long records, long bytes) {}
