package dev.msgstore.projections;

import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.codec.EventType;
import dev.msgstore.projections.lmdb.KeyCursor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The read side of the audit index ({@link AuditIndex}, which writes it): the commits that may
 * match a query, as the intersection of posting lists, and mailbox names as of any commit. It reads
 * through {@link KeyCursor}s, so the same code serves a transaction of the projections' LMDB and
 * the file read on its own ({@link dev.msgstore.projections.lmdb.LmdbFile}).
 */
final class AuditLookup {
  static final String USERS = "audit.user";
  static final String MAILBOXES = "audit.mailbox";
  static final String ACTORS = "audit.actor";
  static final String TYPES = "audit.type";
  static final String TIMES = "audit.time";
  static final String NAMES = "audit.names";

  /** Beyond this many mailbox names, a pattern's postings are gathered and sorted, not merged. */
  private static final int MAX_MERGED = 64;

  private static final int MAX_KEY_TEXT = AuditIndex.MAX_KEY_TEXT;

  /** Opens a cursor on an audit table by name. */
  interface Tables {
    KeyCursor open(String table);
  }

  private final Tables tables;

  AuditLookup(Tables tables) {
    this.tables = tables;
  }

  /** The name mailbox {@code id} had just before the commit at {@code index}, or null. */
  String nameBefore(long id, long index) {
    ByteBuffer key = ByteBuffer.allocate(16).putLong(id).putLong(index).flip();
    try (KeyCursor c = tables.open(NAMES)) {
      boolean found = c.seek(key) ? c.prev() : c.last();
      if (!found) {
        return null;
      }
      ByteBuffer k = c.key().order(ByteOrder.BIG_ENDIAN);
      if (k.remaining() != 16 || k.getLong(k.position()) != id) {
        return null;
      }
      return dev.msgstore.projections.lmdb.Buf.getKeyString(c.val().duplicate());
    }
  }

  private static byte[] cut(String text) {
    return AuditIndex.cut(text);
  }

  /**
   * Visits, in journal order, the index of every commit that may match {@code q} (every commit it
   * matches, and perhaps others), while {@code visitor} returns true.
   */
  void candidates(AuditQuery q, AuditQuery.Visitor visitor) {
    if (!q.hasDimension()) {
      ArrayPostings all = byTime(q);
      for (int i = 0; i < all.indices.length; i++) {
        if (!visitor.visit(all.indices[i], all.positions[i])) {
          return;
        }
      }
      return;
    }
    List<Postings> lists = new ArrayList<>();
    try {
      if (q.user() != null) {
        lists.add(new TextPostings(tables.open(USERS), cut(q.user())));
      }
      if (q.actor() != null) {
        lists.add(new TextPostings(tables.open(ACTORS), cut(q.actor())));
      }
      if (q.type() != null) {
        List<Postings> byTag = new ArrayList<>();
        for (EventType<?> t : EventRegistry.types()) {
          if (t.name().equals(q.type()) || t.name().startsWith(q.type() + ".")) {
            byTag.add(
                new TextPostings(
                    tables.open(TYPES),
                    new byte[] {(byte) (t.tag() >>> 8), (byte) t.tag()},
                    false));
          }
        }
        lists.add(Union.of(byTag));
      }
      if (q.mailbox() != null) {
        lists.add(mailboxPostings(q));
      }
      leapfrog(lists, visitor);
    } finally {
      lists.forEach(Postings::close);
    }
  }

  /** Commits in the time range alone, from {@code audit.time}, put in journal order. */
  private ArrayPostings byTime(AuditQuery q) {
    long[] out = new long[64];
    long[] at = new long[64];
    int n = 0;
    ByteBuffer from =
        ByteBuffer.allocateDirect(16)
            .putLong(q.sinceMicros() == null ? 0 : Math.max(0, q.sinceMicros()))
            .putLong(0)
            .flip();
    try (KeyCursor c = tables.open(TIMES)) {
      boolean more = c.seek(from);
      while (more) {
        ByteBuffer k = c.key().order(ByteOrder.BIG_ENDIAN);
        long micros = k.getLong(k.position());
        if (q.untilMicros() != null && micros > q.untilMicros()) {
          break;
        }
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
          at = Arrays.copyOf(at, n * 2);
        }
        ByteBuffer v = c.val().order(ByteOrder.BIG_ENDIAN);
        at[n] = v.getLong(v.position());
        out[n++] = k.getLong(k.position() + 8);
        more = c.next();
      }
    }
    return ArrayPostings.sorted(out, at, n);
  }

  private Postings mailboxPostings(AuditQuery q) {
    String pattern = q.mailbox().pattern();
    String prefix = q.mailbox().literalPrefix();
    if (prefix.equals(pattern)) {
      return new TextPostings(tables.open(MAILBOXES), cut(pattern));
    }
    // The distinct names under the literal prefix, one seek each (past a name's postings).
    List<byte[]> matched = new ArrayList<>();
    byte[] start = cut(prefix);
    try (KeyCursor c = tables.open(MAILBOXES)) {
      ByteBuffer seek = ByteBuffer.allocateDirect(MAX_KEY_TEXT + 2);
      seek.put(start).flip();
      boolean more = seek.hasRemaining() ? c.seek(seek) : c.first();
      while (more) {
        ByteBuffer k = c.key();
        byte[] name = new byte[k.remaining() - 9];
        k.duplicate().get(name);
        if (!startsWith(name, start)) {
          break;
        }
        // a name cut to the key's limit may be longer: keep it, the reader decides
        if (name.length == MAX_KEY_TEXT
            || q.mailbox().matches(new String(name, StandardCharsets.UTF_8))) {
          matched.add(name);
        }
        seek.clear().put(name).put((byte) 1).flip();
        more = c.seek(seek);
      }
    }
    List<Postings> each = new ArrayList<>();
    for (byte[] name : matched) {
      each.add(new TextPostings(tables.open(MAILBOXES), name));
    }
    if (each.size() <= MAX_MERGED) {
      return Union.of(each);
    }
    // Many names (user/*): gather their postings and sort, rather than merge hundreds of lists.
    long[] all = new long[64];
    long[] at = new long[64];
    int n = 0;
    for (Postings p : each) {
      for (long i = p.seek(0); i != Long.MAX_VALUE; i = p.seek(i + 1)) {
        if (n == all.length) {
          all = Arrays.copyOf(all, n * 2);
          at = Arrays.copyOf(at, n * 2);
        }
        at[n] = p.position();
        all[n++] = i;
      }
      p.close();
    }
    return ArrayPostings.sorted(all, at, n);
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length
        && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Emits the indices every list holds (each list sorted): seek each to the largest so far. */
  private static void leapfrog(List<Postings> lists, AuditQuery.Visitor visitor) {
    long candidate = 0;
    while (true) {
      boolean agreed = true;
      for (Postings p : lists) {
        long v = p.seek(candidate);
        if (v == Long.MAX_VALUE) {
          return;
        }
        if (v != candidate) {
          candidate = v;
          agreed = false;
          break;
        }
      }
      if (agreed) {
        if (!visitor.visit(candidate, lists.get(0).position())) {
          return;
        }
        candidate++;
      }
    }
  }

  /** A sorted list of journal indices. */
  private interface Postings extends AutoCloseable {
    /** The smallest index ≥ {@code atLeast} in the list, or {@link Long#MAX_VALUE}. */
    long seek(long atLeast);

    /** Where the commit {@link #seek} returned last lies in its cycle file. */
    long position();

    @Override
    default void close() {}
  }

  /** The postings of one key prefix ({@code text 0x00}, or a type's tag). */
  private static final class TextPostings implements Postings {
    private final KeyCursor cursor;
    private final byte[] prefix;
    private final ByteBuffer seek;
    private long current = -1;
    private long position = -1;

    TextPostings(KeyCursor cursor, byte[] text) {
      this(cursor, text, true);
    }

    TextPostings(KeyCursor cursor, byte[] text, boolean separator) {
      this.cursor = cursor;
      this.prefix = separator ? Arrays.copyOf(text, text.length + 1) : text;
      this.seek = ByteBuffer.allocateDirect(prefix.length + 8).order(ByteOrder.BIG_ENDIAN);
    }

    @Override
    public long seek(long atLeast) {
      if (current == Long.MAX_VALUE || (current >= atLeast && current != -1)) {
        return current;
      }
      // The key after the current one, when it is a posting at or past atLeast, is the first key
      // at or past (prefix, atLeast): nothing lies between two neighbours. A list read from its
      // start to its end (one filter) then steps through its leaf pages instead of descending
      // from the root for each commit. This holds because the cursor is this list's own (nothing
      // else moves it off current between two seeks): a cursor shared by lists would break it.
      if (current != -1 && cursor.next() && postingAtLeast(atLeast)) {
        return current;
      }
      seek.clear().put(prefix).putLong(atLeast).flip();
      if (cursor.seek(seek) && postingAtLeast(atLeast)) {
        return current;
      }
      current = Long.MAX_VALUE;
      return current;
    }

    /** Whether the cursor is on one of this list's postings at or past atLeast; keeps it if so. */
    private boolean postingAtLeast(long atLeast) {
      ByteBuffer k = cursor.key().order(ByteOrder.BIG_ENDIAN);
      if (k.remaining() != prefix.length + 8 || !hasPrefix(k)) {
        return false;
      }
      long index = k.getLong(k.position() + prefix.length);
      if (index < atLeast) {
        return false;
      }
      ByteBuffer v = cursor.val().order(ByteOrder.BIG_ENDIAN);
      position = v.getLong(v.position());
      current = index;
      return true;
    }

    @Override
    public long position() {
      return position;
    }

    private boolean hasPrefix(ByteBuffer k) {
      for (int i = 0; i < prefix.length; i++) {
        if (k.get(k.position() + i) != prefix[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() {
      cursor.close();
    }
  }

  /** Indices in order, each with its position. */
  private static final class ArrayPostings implements Postings {
    final long[] indices;
    final long[] positions;
    private int at = -1;

    private ArrayPostings(long[] indices, long[] positions) {
      this.indices = indices;
      this.positions = positions;
    }

    /** The first {@code n} of {@code indices}, with their positions, sorted by index. */
    static ArrayPostings sorted(long[] indices, long[] positions, int n) {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(indices[a], indices[b]));
      long[] i2 = new long[n];
      long[] p2 = new long[n];
      for (int i = 0; i < n; i++) {
        i2[i] = indices[order[i]];
        p2[i] = positions[order[i]];
      }
      return new ArrayPostings(i2, p2);
    }

    @Override
    public long seek(long atLeast) {
      int i = Arrays.binarySearch(indices, atLeast);
      if (i < 0) {
        i = -i - 1;
      }
      at = i;
      return i < indices.length ? indices[i] : Long.MAX_VALUE;
    }

    @Override
    public long position() {
      return positions[at];
    }
  }

  /** Several lists as one: the smallest of their next indices. */
  private static final class Union implements Postings {
    private final List<Postings> parts;
    private Postings smallest;

    private Union(List<Postings> parts) {
      this.parts = parts;
    }

    static Postings of(List<Postings> parts) {
      return parts.size() == 1 ? parts.get(0) : new Union(parts);
    }

    @Override
    public long seek(long atLeast) {
      long min = Long.MAX_VALUE;
      for (Postings p : parts) {
        long v = p.seek(atLeast);
        if (v < min) {
          min = v;
          smallest = p;
        }
      }
      return min;
    }

    @Override
    public long position() {
      return smallest.position();
    }

    @Override
    public void close() {
      parts.forEach(Postings::close);
    }
  }
}
