package dev.msgstore.services.imap.message;

import dev.msgstore.journal.body.Digest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * Parsed structures by body digest, in an LMDB environment of their own. Only a cache: a body's
 * structure is a function of its bytes, so anything missing, unreadable or of another format is
 * parsed again, and deleting the directory is always safe. Failures of the cache itself are
 * swallowed (the structure is then only not cached). One environment per directory in a JVM (LMDB
 * must not open one twice in a process), shared and counted.
 */
final class StructureCache implements AutoCloseable {
  private static final long MAP_SIZE = 1L << 30;
  private static final Map<Path, Shared> OPEN = new HashMap<>();

  private static final class Shared {
    final Env<ByteBuffer> env;
    final Dbi<ByteBuffer> dbi;
    int users;

    Shared(Env<ByteBuffer> env, Dbi<ByteBuffer> dbi) {
      this.env = env;
      this.dbi = dbi;
    }
  }

  private final Path dir;
  private final Shared shared; // null when the cache could not be opened
  private boolean closed;

  private StructureCache(Path dir, Shared shared) {
    this.dir = dir;
    this.shared = shared;
  }

  static StructureCache open(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    synchronized (OPEN) {
      Shared s = OPEN.get(key);
      if (s == null) {
        try {
          Files.createDirectories(key);
          Env<ByteBuffer> env =
              Env.create()
                  .setMapSize(MAP_SIZE)
                  .setMaxDbs(1)
                  .setMaxReaders(512)
                  .open(key.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOTLS);
          s = new Shared(env, env.openDbi("structure", DbiFlags.MDB_CREATE));
          OPEN.put(key, s);
        } catch (java.io.IOException | RuntimeException e) {
          return new StructureCache(key, null); // no cache: every structure is parsed
        }
      }
      s.users++;
      return new StructureCache(key, s);
    }
  }

  MimePart get(Digest digest) {
    if (shared == null) {
      return null;
    }
    try (Txn<ByteBuffer> tx = shared.env.txnRead()) {
      ByteBuffer v = shared.dbi.get(tx, key(digest));
      if (v == null) {
        return null;
      }
      byte[] b = new byte[v.remaining()];
      v.get(b);
      return StructureCodec.decode(b);
    } catch (RuntimeException e) {
      return null;
    }
  }

  void put(Digest digest, MimePart part) {
    if (shared == null) {
      return;
    }
    byte[] b = StructureCodec.encode(part);
    ByteBuffer v = ByteBuffer.allocateDirect(b.length);
    v.put(b).flip();
    try (Txn<ByteBuffer> tx = shared.env.txnWrite()) {
      shared.dbi.put(tx, key(digest), v);
      tx.commit();
    } catch (RuntimeException e) {
      // full or failing: this structure stays uncached
    }
  }

  private static ByteBuffer key(Digest d) {
    ByteBuffer k = ByteBuffer.allocateDirect(Digest.BYTES);
    k.put(d.toBytes()).flip();
    return k;
  }

  @Override
  public void close() {
    synchronized (OPEN) {
      if (closed || shared == null) {
        return;
      }
      closed = true;
      if (--shared.users == 0) {
        OPEN.remove(dir);
        shared.env.close();
      }
    }
  }
}
