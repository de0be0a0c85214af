package dev.msgstore.journal.body;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.msgstore.journal.FileModes;
import dev.msgstore.journal.lmdb.ReadTxns;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.CursorIterable.KeyVal;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * The digest index in LMDB: digest → where its record lies, plus each segment's watermark (the
 * offset up to which it has been indexed). It is a cache of the segments and can always be rebuilt
 * from them, which is why it may run with MDB_NOSYNC.
 *
 * <p>Keys are the 32 digest bytes. Buffers passed in are direct (lmdbjava requires it; its proxy
 * also needs {@code --add-opens java.base/java.nio}, which jvm.options gives every msgstore JVM).
 * Buffers LMDB returns point into the map and are read before their transaction ends.
 *
 * <p>LMDB must not be opened twice in one process (closing one handle drops the other's POSIX
 * locks), so every store in this JVM on the same directory shares one reference-counted instance.
 */
final class BodyIndex {
  /** Where a body lies: its segment file name, payload offset and length. */
  record Location(String segment, long offset, long length) {}

  private static final long MAP_SIZE = 64L << 30;
  private static final int CHUNK = 1024;
  private static final Map<Path, BodyIndex> OPEN = new HashMap<>(); // guarded by itself

  /** Key buffers for reads, one per thread: direct buffers are costly to allocate for each get. */
  private static final ThreadLocal<ByteBuffer> READ_KEY =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(Digest.BYTES));

  private final Path dir;
  private final Env<ByteBuffer> env;
  private final Dbi<ByteBuffer> bodies;
  private final Dbi<ByteBuffer> segments;
  private final Dbi<ByteBuffer> meta;
  private final ReadTxns reads;
  private int refs; // guarded by OPEN

  private BodyIndex(Path dir) {
    this.dir = dir;
    this.env =
        Env.create()
            .setMapSize(MAP_SIZE)
            .setMaxDbs(4)
            .open(
                dir.toFile(),
                FileModes.newFileModeIn(dir),
                EnvFlags.MDB_NOSYNC,
                EnvFlags.MDB_NOTLS);
    try {
      bodies = env.openDbi("bodies", DbiFlags.MDB_CREATE);
      segments = env.openDbi("segments", DbiFlags.MDB_CREATE);
      meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
      try (Txn<ByteBuffer> txn = env.txnRead()) {
        bodies.stat(txn); // touches the root page: a damaged file fails here, not later
      }
      reads = new ReadTxns(env);
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  /**
   * Opens (creating if need be) the index at {@code dir}, or shares this JVM's open instance.
   *
   * @throws LmdbException when the files are not a readable LMDB environment
   */
  static BodyIndex acquire(Path dir) throws IOException {
    Path key = dir.toAbsolutePath().normalize();
    synchronized (OPEN) {
      BodyIndex index = OPEN.get(key);
      if (index == null) {
        FileModes.createDirectories(key);
        index = new BodyIndex(key);
        OPEN.put(key, index);
      }
      index.refs++;
      return index;
    }
  }

  /** Whether some store in this JVM has the index open (then it was already recovered). */
  static boolean isOpen(Path dir) {
    synchronized (OPEN) {
      return OPEN.containsKey(dir.toAbsolutePath().normalize());
    }
  }

  /** Frees reader slots left by processes that died inside a read transaction. */
  void clearStaleReaders() {
    env.readerCheck();
  }

  void release() {
    synchronized (OPEN) {
      if (--refs == 0) {
        OPEN.remove(dir);
        reads.close();
        env.close();
      }
    }
  }

  /**
   * Asked twice a delivery (is the body stored already; deciding the append, is it there): on a
   * kept read transaction, renewed, rather than a new one each time.
   */
  Location get(Digest digest) {
    Txn<ByteBuffer> txn = reads.take();
    try {
      return location(bodies.get(txn, key(READ_KEY.get(), digest)));
    } finally {
      reads.give(txn);
    }
  }

  long records() {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      return bodies.stat(txn).entries;
    }
  }

  long bytes() {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      ByteBuffer v = meta.get(txn, text("bytes"));
      return v == null ? 0 : v.getLong(0);
    }
  }

  /** Every segment the index knows, with its watermark. */
  Map<String, Long> watermarks() {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Txn<ByteBuffer> txn = env.txnRead();
        CursorIterable<ByteBuffer> it = segments.iterate(txn)) {
      for (KeyVal<ByteBuffer> kv : it) {
        out.put(US_ASCII.decode(kv.key()).toString(), kv.val().getLong(0));
      }
    }
    return out;
  }

  long watermark(String segment) {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      ByteBuffer v = segments.get(txn, text(segment));
      return v == null ? 0 : v.getLong(0);
    }
  }

  /** Reads the index in chunks so no read transaction stays open while the action runs. */
  void forEach(Consumer<StoredBody> action) {
    ByteBuffer after = null;
    while (true) {
      List<StoredBody> chunk = new ArrayList<>();
      KeyRange<ByteBuffer> range = after == null ? KeyRange.all() : KeyRange.greaterThan(after);
      try (Txn<ByteBuffer> txn = env.txnRead();
          CursorIterable<ByteBuffer> it = bodies.iterate(txn, range)) {
        for (KeyVal<ByteBuffer> kv : it) {
          chunk.add(new StoredBody(digest(kv.key()), kv.val().getLong(8), false));
          if (chunk.size() == CHUNK) {
            break;
          }
        }
      }
      chunk.forEach(action);
      if (chunk.size() < CHUNK) {
        return;
      }
      after = key(chunk.getLast().digest());
    }
  }

  Batch write() {
    return new Batch(env.txnWrite());
  }

  /** One write transaction. LMDB serialises these across processes. Used by one thread. */
  final class Batch implements AutoCloseable {
    private final Txn<ByteBuffer> txn;
    private final ByteBuffer keyBuffer = ByteBuffer.allocateDirect(Digest.BYTES); // reused
    private ByteBuffer valueBuffer = ByteBuffer.allocateDirect(64); // reused, grown when needed
    private long bytesDelta;

    private Batch(Txn<ByteBuffer> txn) {
      this.txn = txn;
    }

    Location get(Digest digest) {
      return location(bodies.get(txn, key(keyBuffer, digest)));
    }

    /** Indexes the body unless its digest is already indexed (the first copy stays). */
    boolean putIfAbsent(Digest digest, Location at) {
      boolean added = bodies.put(txn, key(keyBuffer, digest), value(at), PutFlags.MDB_NOOVERWRITE);
      if (added) {
        bytesDelta += at.length();
      }
      return added;
    }

    /**
     * Indexes a record just appended or found by a scan: the first copy of a digest stays indexed,
     * unless its record is gone from {@code dir} (then this copy replaces it).
     */
    void add(Digest digest, Location at, Path dir) {
      if (!putIfAbsent(digest, at)) {
        Location old = get(digest);
        if (!old.equals(at) && !Segments.holds(dir, old)) {
          move(digest, at);
        }
      }
    }

    /** Points an indexed body at a new copy of the same bytes (compaction). */
    void move(Digest digest, Location to) {
      bodies.put(txn, key(keyBuffer, digest), value(to));
    }

    void delete(Digest digest) {
      Location was = get(digest);
      if (was != null && bodies.delete(txn, key(keyBuffer, digest))) {
        bytesDelta -= was.length();
      }
    }

    void watermark(String segment, long offset) {
      segments.put(txn, text(segment), u64(offset));
    }

    void forgetSegment(String segment) {
      segments.delete(txn, text(segment));
    }

    void commit() {
      if (bytesDelta != 0) {
        ByteBuffer v = meta.get(txn, text("bytes"));
        long total = (v == null ? 0 : v.getLong(0)) + bytesDelta;
        meta.put(txn, text("bytes"), u64(total));
        bytesDelta = 0;
      }
      txn.commit();
    }

    @Override
    public void close() {
      txn.close(); // aborts when not committed
    }

    /** The location's value in the reused buffer (LMDB copies it in put). */
    private ByteBuffer value(Location at) {
      byte[] name = at.segment().getBytes(US_ASCII);
      if (valueBuffer.capacity() < 16 + name.length) {
        valueBuffer = ByteBuffer.allocateDirect(16 + name.length);
      }
      return valueBuffer.clear().putLong(at.offset()).putLong(at.length()).put(name).flip();
    }
  }

  private static ByteBuffer key(Digest d) {
    return key(ByteBuffer.allocateDirect(Digest.BYTES), d);
  }

  /** {@code d} in {@code buf} (32 bytes, direct). */
  private static ByteBuffer key(ByteBuffer buf, Digest d) {
    return buf.clear() // big-endian: LMDB's order is Digest's order
        .putLong(d.w0())
        .putLong(d.w1())
        .putLong(d.w2())
        .putLong(d.w3())
        .flip();
  }

  private static Digest digest(ByteBuffer key) {
    return new Digest(key.getLong(0), key.getLong(8), key.getLong(16), key.getLong(24));
  }

  private static ByteBuffer u64(long v) {
    return ByteBuffer.allocateDirect(Long.BYTES).putLong(0, v);
  }

  private static Location location(ByteBuffer v) {
    if (v == null) {
      return null;
    }
    byte[] name = new byte[v.remaining() - 16];
    v.get(16, name);
    return new Location(new String(name, US_ASCII), v.getLong(0), v.getLong(8));
  }

  private static ByteBuffer text(String s) {
    byte[] b = s.getBytes(US_ASCII);
    return ByteBuffer.allocateDirect(b.length).put(b).flip();
  }
}
