package dev.msgstore.projections.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * An LMDB data file read with plain file reads, without the LMDB library: for a short process that
 * asks one question of a few tables, loading lmdbjava (its native binding generates classes at run
 * time) costs more than the question. Read-only, default (byte-wise) key order, no duplicate keys.
 *
 * <p>The view reads the newest snapshot the file held when opened, without taking a reader slot in
 * LMDB's lock file: a writer may then reuse that snapshot's pages once it has committed a newer
 * one. {@link #unchanged} tells whether that happened (the newest transaction is still the one
 * read); an answer is to be trusted only if it says so after the reading. A page that does not
 * parse as it should throws {@link Damaged}, which a reader takes as "ask LMDB instead".
 *
 * <p>The layout (lmdb's mdb.c, 64-bit): pages of {@code psize} bytes with a 16-byte header ({@code
 * pgno u64, pad u16, flags u16, lower u16, upper u16}); meta pages 0 and 1 hold {@code magic,
 * version, address, mapsize}, the free and main databases' records (48 bytes each: {@code pad u32
 * (the page size, in the free one), flags u16, depth u16, branch, leaf, overflow pages, entries,
 * root u64}), {@code last_pg} and {@code txnid}. A page's node offsets ({@code u16}) follow its
 * header; a node is {@code lo u16, hi u16, flags u16, ksize u16, key} then, in a leaf, the value
 * ({@code lo | hi << 16} bytes, or an overflow page number when {@code F_BIGDATA}), in a branch the
 * child's page number ({@code lo | hi << 16 | flags << 32}). A named database is a main database
 * entry whose value is its 48-byte record.
 */
public final class LmdbFile implements AutoCloseable {
  private static final int MAGIC = 0xBEEFC0DE;
  private static final int HEADER = 16;
  private static final int NODE = 8;
  private static final int P_BRANCH = 0x01;
  private static final int P_LEAF = 0x02;
  private static final int P_OVERFLOW = 0x04;
  private static final int F_BIGDATA = 0x01;
  private static final int F_SUBDATA = 0x02;
  private static final int F_DUPDATA = 0x04;
  private static final int DB_RECORD = 48;
  private static final int DB_ROOT = 40;
  private static final long NO_PAGE = -1;

  /** Pages read are kept (a seek reads the same branch pages again), up to this many. */
  private static final int CACHED_PAGES = 8192;

  /** A page that does not parse: the file is not what this reader understands. */
  public static final class Damaged extends RuntimeException {
    Damaged(String why) {
      super(why, null, false, false);
    }
  }

  private final FileChannel ch;
  private final int pageSize;
  private final long txnid;
  private final long mainRoot;
  private final Map<Long, ByteBuffer> pages = new HashMap<>();

  private LmdbFile(FileChannel ch, int pageSize, long txnid, long mainRoot) {
    this.ch = ch;
    this.pageSize = pageSize;
    this.txnid = txnid;
    this.mainRoot = mainRoot;
  }

  /** Opens {@code dataFile} (an environment's {@code data.mdb}) at its newest snapshot. */
  public static LmdbFile open(Path dataFile) throws IOException {
    FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ);
    try {
      ByteBuffer m0 = read(ch, 0, 4096);
      if (m0.getInt(HEADER) != MAGIC) {
        throw new Damaged("not an LMDB file: " + dataFile);
      }
      int psize = m0.getInt(HEADER + 24);
      if (psize < 512 || psize > 65536 || Integer.bitCount(psize) != 1) {
        throw new Damaged("unexpected page size " + psize);
      }
      ByteBuffer newest = newestMeta(ch, psize);
      long root = newest.getLong(HEADER + 24 + 48 + DB_ROOT);
      LmdbFile f = new LmdbFile(ch, psize, newest.getLong(HEADER + 128), root);
      ch = null;
      return f;
    } finally {
      if (ch != null) {
        ch.close();
      }
    }
  }

  private static ByteBuffer newestMeta(FileChannel ch, int psize) throws IOException {
    ByteBuffer a = read(ch, 0, HEADER + 136);
    ByteBuffer b = read(ch, psize, HEADER + 136);
    boolean aOk = a.getInt(HEADER) == MAGIC;
    boolean bOk = b.getInt(HEADER) == MAGIC;
    if (!aOk && !bOk) {
      throw new Damaged("no meta page");
    }
    if (!bOk) {
      return a;
    }
    if (!aOk) {
      return b;
    }
    return Long.compareUnsigned(a.getLong(HEADER + 128), b.getLong(HEADER + 128)) >= 0 ? a : b;
  }

  /** Whether the newest transaction of the file is still the one this view reads. */
  public boolean unchanged() throws IOException {
    return newestMeta(ch, pageSize).getLong(HEADER + 128) == txnid;
  }

  /** The root page of the named database {@code name}, or -1 when it is empty or absent. */
  public long root(String name) {
    byte[] k = name.getBytes(StandardCharsets.UTF_8);
    Cursor c = new Cursor(mainRoot);
    if (!c.seek(ByteBuffer.wrap(k)) || compare(c.key(), ByteBuffer.wrap(k)) != 0) {
      return NO_PAGE;
    }
    if ((c.flags() & F_SUBDATA) == 0) {
      throw new Damaged(name + " is not a database");
    }
    ByteBuffer v = c.val().order(ByteOrder.LITTLE_ENDIAN); // LMDB's own record: native order
    if (v.remaining() != DB_RECORD) {
      throw new Damaged(name + ": a database record of " + v.remaining() + " bytes");
    }
    return v.getLong(v.position() + DB_ROOT);
  }

  /** A cursor over the database whose root is {@code root} (from {@link #root}). */
  public Cursor cursor(long root) {
    return new Cursor(root);
  }

  private ByteBuffer page(long pgno) {
    ByteBuffer p = pages.get(pgno);
    if (p == null) {
      if (pgno < 2 || pgno > Long.MAX_VALUE / pageSize) {
        throw new Damaged("page number " + pgno);
      }
      p = readUnchecked(pgno * pageSize, pageSize);
      if (p.getLong(0) != pgno) {
        throw new Damaged("page " + pgno + " says it is page " + p.getLong(0));
      }
      if (pages.size() >= CACHED_PAGES) {
        pages.clear();
      }
      pages.put(pgno, p);
    }
    return p;
  }

  private ByteBuffer readUnchecked(long at, int n) {
    try {
      return read(ch, at, n);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        throw new Damaged("the file ends at " + (at + b.position()));
      }
    }
    return b.flip();
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }

  /** A position in one database: a path of pages from its root to a leaf node. */
  public final class Cursor implements KeyCursor {
    private final long root;
    private final ByteBuffer[] path = new ByteBuffer[32];
    private final int[] at = new int[32];
    private int depth = -1; // the leaf's level; -1: unpositioned

    private Cursor(long root) {
      this.root = root;
    }

    private int flagsOf(ByteBuffer p) {
      return p.getShort(10) & 0xFFFF;
    }

    private int count(ByteBuffer p) {
      int lower = p.getShort(12) & 0xFFFF;
      if (lower < HEADER || lower > pageSize) {
        throw new Damaged("page lower bound " + lower);
      }
      return (lower - HEADER) >> 1;
    }

    private int node(ByteBuffer p, int i) {
      int off = p.getShort(HEADER + 2 * i) & 0xFFFF;
      if (off < HEADER || off + NODE > pageSize) {
        throw new Damaged("node offset " + off);
      }
      return off;
    }

    private ByteBuffer keyOf(ByteBuffer p, int off) {
      int ksize = p.getShort(off + 6) & 0xFFFF;
      if (off + NODE + ksize > pageSize) {
        throw new Damaged("key of " + ksize + " bytes");
      }
      return p.slice(off + NODE, ksize).order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * {@link LmdbFile#compare} of the key of the node at {@code off} with {@code k}, read in the
     * page's array: a seek's binary search compares a few dozen keys, and a fresh process runs it
     * interpreted, where a slice and a mismatch per key cost several times the few bytes compared.
     */
    private int compareKey(ByteBuffer p, int off, byte[] k) {
      int ksize = p.getShort(off + 6) & 0xFFFF;
      if (off + NODE + ksize > pageSize) {
        throw new Damaged("key of " + ksize + " bytes");
      }
      byte[] a = p.array();
      int from = p.arrayOffset() + off + NODE;
      int n = Math.min(ksize, k.length);
      for (int i = 0; i < n; i++) {
        int x = a[from + i] & 0xFF;
        int y = k[i] & 0xFF;
        if (x != y) {
          return x < y ? -1 : 1;
        }
      }
      return Integer.compare(ksize, k.length);
    }

    private long child(ByteBuffer p, int off) {
      long lo = p.getShort(off) & 0xFFFFL;
      long hi = p.getShort(off + 2) & 0xFFFFL;
      long fl = p.getShort(off + 4) & 0xFFFFL;
      return lo | hi << 16 | fl << 32;
    }

    /** Descends from the page at {@code level} (positioned) to a leaf, leftmost or rightmost. */
    private boolean descend(int level, boolean leftmost) {
      ByteBuffer p = path[level];
      while ((flagsOf(p) & P_BRANCH) != 0) {
        if (level + 1 >= path.length) {
          throw new Damaged("tree deeper than " + path.length);
        }
        long c = child(p, node(p, at[level]));
        p = page(c);
        level++;
        path[level] = p;
        int n = count(p);
        if (n == 0) {
          throw new Damaged("empty page " + c);
        }
        at[level] = leftmost ? 0 : n - 1;
      }
      checkLeaf(p);
      depth = level;
      return count(p) > 0;
    }

    private void checkLeaf(ByteBuffer p) {
      int f = flagsOf(p);
      if ((f & P_LEAF) == 0 || (f & (P_OVERFLOW | 0x20)) != 0) {
        throw new Damaged("not a plain leaf page: flags " + f);
      }
    }

    private boolean start(boolean leftmost) {
      depth = -1;
      if (root == NO_PAGE) {
        return false;
      }
      path[0] = page(root);
      int n = count(path[0]);
      if (n == 0) {
        return false;
      }
      at[0] = leftmost ? 0 : n - 1;
      return descend(0, leftmost);
    }

    @Override
    public boolean first() {
      return start(true);
    }

    @Override
    public boolean last() {
      return start(false);
    }

    /** Positions at the first key ≥ {@code key} (LMDB's MDB_SET_RANGE); false when none. */
    @Override
    public boolean seek(ByteBuffer key) {
      depth = -1;
      if (root == NO_PAGE) {
        return false;
      }
      byte[] k = new byte[key.remaining()];
      key.duplicate().get(k);
      ByteBuffer p = page(root);
      int level = 0;
      while (true) {
        path[level] = p;
        int n = count(p);
        if ((flagsOf(p) & P_BRANCH) != 0) {
          // the last child whose first key is ≤ key (a branch's first key is implicitly the least)
          int lo = 1;
          int hi = n - 1;
          int found = 0;
          while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKey(p, node(p, mid), k) <= 0) {
              found = mid;
              lo = mid + 1;
            } else {
              hi = mid - 1;
            }
          }
          at[level] = found;
          if (level + 1 >= path.length) {
            throw new Damaged("tree deeper than " + path.length);
          }
          p = page(child(p, node(p, found)));
          level++;
          continue;
        }
        checkLeaf(p);
        // the first key ≥ key
        int lo = 0;
        int hi = n - 1;
        int found = n;
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          if (compareKey(p, node(p, mid), k) >= 0) {
            found = mid;
            hi = mid - 1;
          } else {
            lo = mid + 1;
          }
        }
        at[level] = found;
        depth = level;
        if (found < n) {
          return true;
        }
        at[level] = n - 1;
        return next();
      }
    }

    /** Moves to the next key; false (unpositioned) at the end. */
    @Override
    public boolean next() {
      if (depth < 0) {
        return false;
      }
      if (at[depth] + 1 < count(path[depth])) {
        at[depth]++;
        return true;
      }
      for (int level = depth - 1; level >= 0; level--) {
        if (at[level] + 1 < count(path[level])) {
          at[level]++;
          return descend(level, true) || next();
        }
      }
      depth = -1;
      return false;
    }

    /** Moves to the previous key; false (unpositioned) before the first. */
    @Override
    public boolean prev() {
      if (depth < 0) {
        return false;
      }
      if (at[depth] > 0) {
        at[depth]--;
        return true;
      }
      for (int level = depth - 1; level >= 0; level--) {
        if (at[level] > 0) {
          at[level]--;
          return descend(level, false) || prev();
        }
      }
      depth = -1;
      return false;
    }

    @Override
    public void close() {}

    private int flags() {
      ByteBuffer p = path[depth];
      return p.getShort(node(p, at[depth]) + 4) & 0xFFFF;
    }

    /** The key here (big-endian, as the writer put it), valid until the next move. */
    @Override
    public ByteBuffer key() {
      ByteBuffer p = path[depth];
      return keyOf(p, node(p, at[depth]));
    }

    /** The value here (big-endian, as the writer put it). */
    @Override
    public ByteBuffer val() {
      ByteBuffer p = path[depth];
      int off = node(p, at[depth]);
      int flags = p.getShort(off + 4) & 0xFFFF;
      if ((flags & F_DUPDATA) != 0) {
        throw new Damaged("duplicate keys");
      }
      long size = (p.getShort(off) & 0xFFFFL) | (p.getShort(off + 2) & 0xFFFFL) << 16;
      int ksize = p.getShort(off + 6) & 0xFFFF;
      int data = off + NODE + ksize;
      if ((flags & F_BIGDATA) != 0) {
        long pgno = p.getLong(data);
        if (size > Integer.MAX_VALUE - HEADER) {
          throw new Damaged("value of " + size + " bytes");
        }
        ByteBuffer big = readUnchecked(pgno * pageSize, (int) size + HEADER);
        return big.slice(HEADER, (int) size).order(ByteOrder.BIG_ENDIAN);
      }
      if (data + size > pageSize) {
        throw new Damaged("value of " + size + " bytes");
      }
      return p.slice(data, (int) size).order(ByteOrder.BIG_ENDIAN);
    }
  }

  /** LMDB's default order: bytes unsigned, a prefix first. */
  static int compare(ByteBuffer a, ByteBuffer b) {
    int m = a.mismatch(b);
    if (m < 0) {
      return 0;
    }
    if (m < a.remaining() && m < b.remaining()) {
      return Integer.compare(a.get(a.position() + m) & 0xFF, b.get(b.position() + m) & 0xFF);
    }
    return Integer.compare(a.remaining(), b.remaining());
  }
}
