package dev.msgstore.journal.body;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Message bodies, stored once per partition per SHA-256 digest. Events name bodies by digest;
 * {@code Store} writes the body here (durably) before it writes the event that names it.
 */
public interface BodyStore extends AutoCloseable {

  /**
   * Spools {@code content} (heap up to 1 MiB, then a temporary file) while computing its SHA-256
   * and size. When that digest is already stored, returns it with {@code deduplicated=true};
   * otherwise appends it. Returns only once the body is durable (fsynced), so an event naming it
   * may be written next. Concurrent callers share fsyncs.
   */
  StoredBody put(InputStream content) throws IOException;

  /** {@link #put(InputStream)} for content already in memory. */
  StoredBody put(byte[] content) throws IOException;

  /**
   * Stores the body as {@link #put(InputStream)} does but returns before it is durable: whoever
   * commits something naming it calls {@link StagedBody#awaitDurable()} first, so that many bodies
   * share one fsync with the commit that names them.
   */
  StagedBody stage(InputStream content) throws IOException;

  /**
   * Stores the body anew even when its digest is indexed, and points the index at the new record:
   * the repair for a record whose bytes no longer match its digest ({@code reconstruct}). Durable
   * on return, like {@link #put(InputStream)}.
   */
  StoredBody restore(InputStream content) throws IOException;

  /** Whether the index names this digest (it does not re-read the body: see {@link #verify}). */
  boolean contains(Digest digest);

  /**
   * Streams the body without holding it in heap, checked as it is read: the record's header at
   * once, the payload's checksum and its SHA-256 by the end. The stream hands out the last chunk
   * (64 KiB) of the body only once both match, so reading it to its end either returns exactly the
   * stored body or throws {@link CorruptBodyException}; a body of one chunk is checked before its
   * first byte is handed out. This is the one read of a body's bytes: whatever serves a body (a
   * verb, a script, a protocol, a copy to another partition) goes through it.
   *
   * @throws NoSuchBodyException when the digest is not stored or its segment is gone
   * @throws CorruptBodyException when the record's header is damaged (at once) or, from a read,
   *     when the payload fails its checks
   */
  InputStream open(Digest digest) throws IOException;

  /** The body's size in bytes, or empty when not stored. */
  OptionalLong size(Digest digest);

  /** Re-reads the body through the check {@link #open} makes, and says how it came out. */
  BodyCheck verify(Digest digest);

  /** What is stored, for statistics. */
  BodyStoreStats stats();

  /**
   * Every stored body in digest order (unsigned byte order, as {@link Digest#compareTo}). The index
   * is read in bounded chunks, so the action may run for long and may itself call this store.
   */
  void forEachBody(Consumer<StoredBody> action);

  /** How many fsyncs this store has run to make records durable (group commit shares them). */
  long syncCount();

  /** The wall time those fsyncs took, together (with the directory's, when a segment was new). */
  long syncNanos();

  @Override
  void close();
}
