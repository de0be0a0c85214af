package dev.msgstore.projections.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The data file read without LMDB finds what LMDB holds: every key and value in order both ways,
 * and the first key at or after any key, in a tree several levels deep with keys of every length,
 * values on overflow pages, an empty database and one that does not exist; and it tells a newer
 * transaction from the one it read.
 */
class LmdbFileTest {
  @TempDir Path dir;

  private static final class Unsigned implements java.util.Comparator<byte[]> {
    @Override
    public int compare(byte[] a, byte[] b) {
      return Arrays.compareUnsigned(a, b);
    }
  }

  @Test
  void readsWhatLmdbWrote() throws Exception {
    Random rnd = new Random(42);
    TreeMap<byte[], byte[]> expected = new TreeMap<>(new Unsigned());
    try (Env<ByteBuffer> env = Env.create().setMapSize(1L << 30).setMaxDbs(8).open(dir.toFile())) {
      Dbi<ByteBuffer> t = env.openDbi("t", DbiFlags.MDB_CREATE);
      env.openDbi("empty", DbiFlags.MDB_CREATE);
      try (Txn<ByteBuffer> tx = env.txnWrite()) {
        for (int i = 0; i < 60_000; i++) {
          byte[] k = new byte[1 + rnd.nextInt(i % 97 == 0 ? 400 : 24)];
          rnd.nextBytes(k);
          byte[] v = new byte[i % 1000 == 0 ? 9000 : rnd.nextInt(20)];
          rnd.nextBytes(v);
          expected.put(k, v);
          t.put(tx, direct(k), direct(v));
        }
        tx.commit();
      }
      try (LmdbFile f = LmdbFile.open(dir.resolve("data.mdb"))) {
        assertTrue(f.unchanged());
        assertFalse(f.cursor(f.root("empty")).first());
        assertFalse(f.cursor(f.root("absent")).seek(ByteBuffer.wrap(new byte[] {1})));
        KeyCursor c = f.cursor(f.root("t"));
        List<byte[]> keys = new ArrayList<>(expected.keySet());
        int i = 0;
        for (boolean more = c.first(); more; more = c.next()) {
          assertArrayEquals(keys.get(i), c.key(), "key " + i);
          assertArrayEquals(expected.get(keys.get(i)), c.val(), "value " + i);
          i++;
        }
        assertEquals(keys.size(), i);
        for (boolean more = c.last(); more; more = c.prev()) {
          i--;
          assertArrayEquals(keys.get(i), c.key(), "key " + i + " backward");
        }
        assertEquals(0, i);
        for (int n = 0; n < 5_000; n++) {
          byte[] probe = new byte[1 + rnd.nextInt(24)];
          rnd.nextBytes(probe);
          byte[] want = expected.ceilingKey(probe);
          if (want == null) {
            assertFalse(c.seek(ByteBuffer.wrap(probe)));
          } else {
            assertTrue(c.seek(ByteBuffer.wrap(probe)));
            assertArrayEquals(want, c.key(), "seek " + n);
          }
        }
        try (Txn<ByteBuffer> tx = env.txnWrite()) {
          t.put(tx, direct(new byte[] {7}), direct(new byte[] {7}));
          tx.commit();
        }
        assertFalse(f.unchanged(), "a later transaction was committed");
      }
    }
  }

  private static ByteBuffer direct(byte[] b) {
    return ByteBuffer.allocateDirect(Math.max(1, b.length)).put(b).flip();
  }

  private static void assertArrayEquals(byte[] want, ByteBuffer got, String what) {
    byte[] b = new byte[got.remaining()];
    got.duplicate().get(b);
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, b, what);
  }
}
