package dev.msgstore.projections;

import dev.msgstore.journal.Actor;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.codec.EventType;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lmdbjava.Cursor;
import org.lmdbjava.Env;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * The audit index: journal positions by user, mailbox, actor, event type and time, so that {@code
 * msgstore journal} with a filter reads the commits that can match instead of every commit. Like
 * every projection it is written from events alone ({@link #add}), so a rebuild equals the live
 * path; it is kept up to the journal in transactions of its own, with its own stamp ({@link
 * Projections#catchUpAudit}), not in the projections' writer's.
 *
 * <p>One entry per commit per dimension value, each key a posting: {@code value 0x00 index} (the
 * string cut at {@value #MAX_KEY_TEXT} bytes; the type by its 2-byte registry tag), each value
 * where the commit lies in its cycle file (8 bytes, {@link
 * dev.msgstore.journal.JournalCursor#position}), so that the reader reads it back with a plain file
 * read ({@link dev.msgstore.journal.CommitFrames}), without opening the journal's queue. {@code
 * audit.time} ({@code micros index → position}) answers a time range alone; with a dimension, the
 * time is checked on the commits read. {@code audit.names} ({@code mailboxId index → name}) gives a
 * mailbox's name at any point of the journal, which the events that name a mailbox by id need. A
 * posting list is a superset: the reader applies the filter exactly to the commits it reads.
 */
final class AuditIndex {
  static final int MAX_KEY_TEXT = 400;

  /** Beyond this many mailbox names, a pattern's postings are gathered and sorted, not merged. */
  private static final int MAX_MERGED = 64;

  private final Table users;
  private final Table mailboxes;
  private final Table actors;
  private final Table types;
  private final Table times;
  private final Table names;

  /** The audit tables of {@code env}, which must have them (a read-only one cannot make them). */
  static AuditIndex open(Env<ByteBuffer> env) {
    return new AuditIndex(
        new Table(env, "audit.user"),
        new Table(env, "audit.mailbox"),
        new Table(env, "audit.actor"),
        new Table(env, "audit.type"),
        new Table(env, "audit.time"),
        new Table(env, "audit.names"));
  }

  AuditIndex(Table users, Table mailboxes, Table actors, Table types, Table times, Table names) {
    this.users = users;
    this.mailboxes = mailboxes;
    this.actors = actors;
    this.types = types;
    this.times = times;
    this.names = names;
  }

  /**
   * Adds the entries of {@code commit}. {@code known} caches mailbox names (id → latest) for the
   * catch-up; ids it lacks are looked up in {@code audit.names}.
   */
  void add(
      Txn<ByteBuffer> tx,
      Commit commit,
      long position,
      Map<Long, String> known,
      Buf key,
      Buf value) {
    long index = commit.index();
    long micros = commit.meta().timeMicros();
    Set<String> userSet = new LinkedHashSet<>(4);
    Set<String> mailboxSet = new LinkedHashSet<>(4);
    Set<Integer> tags = new LinkedHashSet<>(4);
    Map<Long, String> local = new HashMap<>(4);
    for (Event e : commit.events()) {
      Optional<Long> id = AuditSubjects.mailboxIdOf(e);
      if (id.isPresent() && !local.containsKey(id.get())) {
        String n = latestName(tx, id.get(), known, key);
        if (n != null) {
          local.put(id.get(), n);
        }
      }
      if (e instanceof MailboxEvent.Created || e instanceof MailboxEvent.Renamed) {
        AuditSubjects.track(e, local);
        named(tx, e, index, known, key, value);
      }
      AuditSubjects.mailboxesOf(e, local).forEach(mailboxSet::add);
      AuditSubjects.usersOf(e, local).forEach(userSet::add);
      tags.add(EventRegistry.of(e).tag());
    }
    ByteBuffer time = value.clear().putLong(position).flip();
    for (String u : userSet) {
      users.put(tx, textKey(key, u, index), time);
    }
    for (String m : mailboxSet) {
      mailboxes.put(tx, textKey(key, m, index), time);
    }
    Actor actor = Actor.parse(commit.meta().actor());
    actors.put(tx, textKey(key, actor.person(), index), time);
    if (actor.ranAs() != null) {
      actors.put(tx, textKey(key, actor.ranAs(), index), time);
      actors.put(tx, textKey(key, actor.name(), index), time);
    }
    for (int tag : tags) {
      types.put(tx, key.clear().putByte(tag >>> 8).putByte(tag).putLong(index).flip(), time);
    }
    times.put(tx, key.clear().putLong(micros).putLong(index).flip(), time);
  }

  /** Clears every audit table (a layout change, or a rebuild). */
  void clear(Txn<ByteBuffer> tx) {
    for (Table t : new Table[] {users, mailboxes, actors, types, times, names}) {
      t.clear(tx);
    }
  }

  /** Records the name a Created or Renamed event gives, as of its commit. */
  private void named(
      Txn<ByteBuffer> tx, Event e, long index, Map<Long, String> known, Buf key, Buf value) {
    long id;
    String name;
    switch (e) {
      case MailboxEvent.Created c -> {
        id = c.mailboxId();
        name = c.name();
      }
      case MailboxEvent.Renamed r -> {
        id = r.mailboxId();
        name = r.newName();
      }
      default -> {
        return;
      }
    }
    known.put(id, name);
    names.put(
        tx, key.clear().putLong(id).putLong(index).flip(), value.clear().putKeyString(name).flip());
  }

  private String latestName(Txn<ByteBuffer> tx, long id, Map<Long, String> known, Buf key) {
    String n = known.get(id);
    if (n == null) {
      n = nameBefore(tx, id, Long.MAX_VALUE, key);
      if (n != null) {
        known.put(id, n);
      }
    }
    return n;
  }

  /** The name mailbox {@code id} had just before the commit at {@code index}, or null. */
  String nameBefore(Txn<ByteBuffer> tx, long id, long index, Buf key) {
    key.clear().putLong(id).putLong(index);
    try (Cursor<ByteBuffer> c = names.openCursor(tx)) {
      boolean found = c.get(key.flip(), GetOp.MDB_SET_RANGE) ? c.seek(SeekOp.MDB_PREV) : c.last();
      if (!found || c.key().remaining() != 16 || c.key().getLong(c.key().position()) != id) {
        return null;
      }
      return Buf.getKeyString(c.val().duplicate());
    }
  }

  private static ByteBuffer textKey(Buf key, String text, long index) {
    return key.clear().putBytes(cut(text)).putByte(0).putLong(index).flip();
  }

  private static byte[] cut(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return b.length <= MAX_KEY_TEXT ? b : Arrays.copyOf(b, MAX_KEY_TEXT);
  }

  /**
   * Visits, in journal order, the index of every commit that may match {@code q} (every commit it
   * matches, and perhaps others), while {@code visitor} returns true.
   */
  void candidates(Txn<ByteBuffer> tx, AuditQuery q, AuditQuery.Visitor visitor) {
    if (!q.hasDimension()) {
      ArrayPostings all = byTime(tx, q);
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
        lists.add(new TextPostings(tx, users, cut(q.user())));
      }
      if (q.actor() != null) {
        lists.add(new TextPostings(tx, actors, cut(q.actor())));
      }
      if (q.type() != null) {
        List<Postings> byTag = new ArrayList<>();
        for (EventType<?> t : EventRegistry.types()) {
          if (t.name().equals(q.type()) || t.name().startsWith(q.type() + ".")) {
            byTag.add(
                new TextPostings(
                    tx, types, new byte[] {(byte) (t.tag() >>> 8), (byte) t.tag()}, false));
          }
        }
        lists.add(Union.of(byTag));
      }
      if (q.mailbox() != null) {
        lists.add(mailboxPostings(tx, q));
      }
      leapfrog(lists, visitor);
    } finally {
      lists.forEach(Postings::close);
    }
  }

  /** Commits in the time range alone, from {@code audit.time}, put in journal order. */
  private ArrayPostings byTime(Txn<ByteBuffer> tx, AuditQuery q) {
    long[] out = new long[64];
    long[] at = new long[64];
    int n = 0;
    ByteBuffer from =
        ByteBuffer.allocateDirect(16)
            .putLong(q.sinceMicros() == null ? 0 : Math.max(0, q.sinceMicros()))
            .putLong(0)
            .flip();
    try (Cursor<ByteBuffer> c = times.openCursor(tx)) {
      boolean more = c.get(from, GetOp.MDB_SET_RANGE);
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

  private Postings mailboxPostings(Txn<ByteBuffer> tx, AuditQuery q) {
    String pattern = q.mailbox().pattern();
    String prefix = q.mailbox().literalPrefix();
    if (prefix.equals(pattern)) {
      return new TextPostings(tx, mailboxes, cut(pattern));
    }
    // The distinct names under the literal prefix, one seek each (past a name's postings).
    List<byte[]> matched = new ArrayList<>();
    byte[] start = cut(prefix);
    try (Cursor<ByteBuffer> c = mailboxes.openCursor(tx)) {
      ByteBuffer seek = ByteBuffer.allocateDirect(MAX_KEY_TEXT + 2);
      seek.put(start).flip();
      boolean more = seek.hasRemaining() ? c.get(seek, GetOp.MDB_SET_RANGE) : c.first();
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
        more = c.get(seek, GetOp.MDB_SET_RANGE);
      }
    }
    List<Postings> each = new ArrayList<>();
    for (byte[] name : matched) {
      each.add(new TextPostings(tx, mailboxes, name));
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
    private final Cursor<ByteBuffer> cursor;
    private final byte[] prefix;
    private final ByteBuffer seek;
    private long current = -1;
    private long position = -1;

    TextPostings(Txn<ByteBuffer> tx, Table table, byte[] text) {
      this(tx, table, text, true);
    }

    TextPostings(Txn<ByteBuffer> tx, Table table, byte[] text, boolean separator) {
      this.cursor = table.openCursor(tx);
      this.prefix = separator ? Arrays.copyOf(text, text.length + 1) : text;
      this.seek = ByteBuffer.allocateDirect(prefix.length + 8).order(ByteOrder.BIG_ENDIAN);
    }

    @Override
    public long seek(long atLeast) {
      if (current == Long.MAX_VALUE || (current >= atLeast && current != -1)) {
        return current;
      }
      seek.clear().put(prefix).putLong(atLeast).flip();
      if (cursor.get(seek, GetOp.MDB_SET_RANGE)) {
        ByteBuffer k = cursor.key().order(ByteOrder.BIG_ENDIAN);
        if (k.remaining() == prefix.length + 8 && hasPrefix(k)) {
          ByteBuffer v = cursor.val().order(ByteOrder.BIG_ENDIAN);
          position = v.getLong(v.position());
          current = k.getLong(k.position() + prefix.length);
          return current;
        }
      }
      current = Long.MAX_VALUE;
      return current;
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
