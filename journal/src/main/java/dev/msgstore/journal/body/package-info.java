/**
 * The body store: message bodies stored once per partition per SHA-256 digest.
 *
 * <h2>On disk ({@code <partition>/bodies/})</h2>
 *
 * <ul>
 *   <li>{@code seg-<epochMillis>-<pid>-<n>.body}: append-only segments. Each process appends only
 *       to a segment of its own, holding a {@link java.nio.channels.FileLock} on it while it does,
 *       so processes need no shared append lock; a segment rolls over at 256 MiB. A segment whose
 *       lock can be taken is sealed (its writer closed it or died).
 *   <li>Record frame (big-endian): {@code [magic "MSBD" u32][version 1 u8][payload length u64]
 *       [SHA-256 32 bytes][CRC32C of those 45 bytes u32]}, the payload, {@code [CRC32C of the
 *       payload u32]}. The digest is in the header so the index can be rebuilt from headers alone.
 *   <li>Segments are preallocated: their writer fills them with zeros 8 MiB at a time, ahead of the
 *       records, and fsyncs the zeros before writing records there (fsyncing records appended to a
 *       growing file costs about twice as much: each fsync would commit the new size too). So a
 *       segment may end in zeros after its last record; its live end is the end of that record,
 *       never the file length. The writer cuts the zeros when it retires or closes the segment,
 *       recovery when the writer died (or gave the segment up after a failed write).
 *   <li>{@code index/}: LMDB, digest → (segment, payload offset, length), each segment's watermark
 *       (indexed up to), and the total payload bytes. A cache: always rebuildable from the
 *       segments, hence MDB_NOSYNC.
 *   <li>{@code index.bootid}: the boot id the index was built under; {@code open.lock}: taken while
 *       a process recovers at open; {@code tmp/}: spool files for bodies over 1 MiB, named with the
 *       pid so orphans of dead processes are removed at open.
 * </ul>
 *
 * <h2>Durability</h2>
 *
 * {@code put} returns only once the record is fsynced (and the directory, when the segment is new)
 * and indexed. Concurrent puts share fsyncs: a waiter finding no leader at work becomes the leader,
 * fsyncs everything appended so far and indexes it in one LMDB transaction, then wakes the puts it
 * covered and one it did not (the next leader). The index is written after the fsync, so no process
 * finds (and dedupes against) a body before it is durable; a crash between the two is repaired at
 * the next open. The zeros a record is written over were fsynced, with the file's size, before it
 * was written; a record too big for them makes the file grow, and the fsync that acknowledges it
 * (fdatasync) commits the new size with it.
 *
 * <h2>Reading</h2>
 *
 * Every read of a body is checked ({@link dev.msgstore.journal.body.VerifiedBody}): the header's
 * CRC32C at open, then the payload's CRC32C and SHA-256 as it streams, the last 64 KiB chunk handed
 * out only once both match. A damaged body ends in {@link
 * dev.msgstore.journal.body.CorruptBodyException}, never in end-of-stream; {@code verify} is the
 * same read with nothing handed out.
 *
 * <h2>Recovery at open</h2>
 *
 * Every sealed segment is scanned from its watermark, every record's CRCs checked; records are
 * indexed; a torn tail (an invalid record with nothing valid after it) is truncated and fsynced,
 * and so are zeros after the last record (the clean end of a segment whose writer preallocated and
 * died: not reported as damage). Damage with valid records after it is skipped, not truncated, so
 * it costs only the damaged record. Segments locked by a live process are left alone. When the
 * index is missing, unreadable, or older than the last boot (a power cut may have damaged it), it
 * is deleted and rebuilt from the segment headers, checking the payload CRC of each segment's last
 * record (the one no valid header follows, whatever the file length).
 *
 * <h2>Choices and limits</h2>
 *
 * <ul>
 *   <li>When two processes store the same new body at once, both copies are written; the index
 *       keeps the first, and compaction drops the other. Within one process a body is never
 *       appended twice.
 *   <li>A put that finds its digest indexed but the record gone (segment deleted or truncated)
 *       writes the body again instead of deduplicating against the lost copy.
 *   <li>{@code SegmentBodyStore.compact} (the impurge hook) deletes bodies for good: see its
 *       contract about commits that name a body while compaction runs.
 *   <li>A writing process keeps up to 12 MiB of zeros ahead of its records (8 MiB written when it
 *       creates a segment, before its first record there), until it closes the segment.
 *   <li>Deleting {@code index/} is safe only while no process has the store open.
 *   <li>The index uses lmdbjava's ByteBuffer proxy, so every JVM that opens a store needs {@code
 *       --add-opens=java.base/java.nio=ALL-UNNAMED} (jvm.options has it).
 *   <li>A thread interrupted while it writes or reads the current segment closes that channel (NIO
 *       semantics): bodies not yet durable on it then fail with an IOException and later puts go to
 *       a new segment. Nothing acknowledged is lost.
 * </ul>
 */
package dev.msgstore.journal.body;
