package dev.msgstore.journal.body;

/**
 * A body as stored: its digest and size, and whether {@code put} found it already stored (then
 * nothing was written).
 */
public record StoredBody(Digest digest, long size, boolean deduplicated) {}
