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
import java.util.function.LongPredicate;
import org.lmdbjava.Cursor;
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
 * string cut at {@value #MAX_KEY_TEXT} bytes; the type by its 2-byte registry tag), each value the
 * commit's time (8 bytes), so that a time range is checked without reading the commit. {@code
 * audit.time} ({@code micros index}) answers a time range alone; {@code audit.names} ({@code
 * mailboxId index → name}) gives a mailbox's name at any point of the journal, which the events
 * that name a mailbox by id need. A posting list is a superset: the reader applies the filter
 * exactly to the commits it reads.
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
  void add(Txn<ByteBuffer> tx, Commit commit, Map<Long, String> known, Buf key, Buf value) {
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
    ByteBuffer time = value.clear().putLong(micros).flip();
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
    times.put(tx, key.clear().putLong(micros).putLong(index).flip(), EMPTY);
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

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
  void candidates(Txn<ByteBuffer> tx, AuditQuery q, LongPredicate visitor) {
    if (!q.hasDimension()) {
      for (long index : byTime(tx, q)) {
        if (!visitor.test(index)) {
          return;
        }
      }
      return;
    }
    List<Postings> lists = new ArrayList<>();
    try {
      if (q.user() != null) {
        lists.add(new TextPostings(tx, users, cut(q.user()), q));
      }
      if (q.actor() != null) {
        lists.add(new TextPostings(tx, actors, cut(q.actor()), q));
      }
      if (q.type() != null) {
        List<Postings> byTag = new ArrayList<>();
        for (EventType<?> t : EventRegistry.types()) {
          if (t.name().equals(q.type()) || t.name().startsWith(q.type() + ".")) {
            byTag.add(
                new TextPostings(
                    tx, types, new byte[] {(byte) (t.tag() >>> 8), (byte) t.tag()}, q, false));
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
  private long[] byTime(Txn<ByteBuffer> tx, AuditQuery q) {
    long[] out = new long[64];
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
        }
        out[n++] = k.getLong(k.position() + 8);
        more = c.next();
      }
    }
    out = Arrays.copyOf(out, n);
    Arrays.sort(out);
    return out;
  }

  private Postings mailboxPostings(Txn<ByteBuffer> tx, AuditQuery q) {
    String pattern = q.mailbox().pattern();
    String prefix = q.mailbox().literalPrefix();
    if (prefix.equals(pattern)) {
      return new TextPostings(tx, mailboxes, cut(pattern), q);
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
      each.add(new TextPostings(tx, mailboxes, name, q));
    }
    if (each.size() <= MAX_MERGED) {
      return Union.of(each);
    }
    // Many names (user/*): gather their postings and sort, rather than merge hundreds of lists.
    long[] all = new long[64];
    int n = 0;
    for (Postings p : each) {
      for (long i = p.seek(0); i != Long.MAX_VALUE; i = p.seek(i + 1)) {
        if (n == all.length) {
          all = Arrays.copyOf(all, n * 2);
        }
        all[n++] = i;
      }
      p.close();
    }
    long[] sorted = Arrays.copyOf(all, n);
    Arrays.sort(sorted);
    return new ArrayPostings(sorted);
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length
        && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Emits the indices every list holds (each list sorted): seek each to the largest so far. */
  private static void leapfrog(List<Postings> lists, LongPredicate visitor) {
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
        if (!visitor.test(candidate)) {
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

    @Override
    default void close() {}
  }

  /** The postings of one key prefix ({@code text 0x00}, or a type's tag), time-checked. */
  private static final class TextPostings implements Postings {
    private final Cursor<ByteBuffer> cursor;
    private final byte[] prefix;
    private final AuditQuery q;
    private final ByteBuffer seek;
    private long current = -1;

    TextPostings(Txn<ByteBuffer> tx, Table table, byte[] text, AuditQuery q) {
      this(tx, table, text, q, true);
    }

    TextPostings(Txn<ByteBuffer> tx, Table table, byte[] text, AuditQuery q, boolean separator) {
      this.cursor = table.openCursor(tx);
      this.prefix = separator ? Arrays.copyOf(text, text.length + 1) : text;
      this.q = q;
      this.seek = ByteBuffer.allocateDirect(prefix.length + 8).order(ByteOrder.BIG_ENDIAN);
    }

    @Override
    public long seek(long atLeast) {
      if (current == Long.MAX_VALUE || (current >= atLeast && current != -1)) {
        return current;
      }
      seek.clear().put(prefix).putLong(atLeast).flip();
      boolean more = cursor.get(seek, GetOp.MDB_SET_RANGE);
      while (more) {
        ByteBuffer k = cursor.key().order(ByteOrder.BIG_ENDIAN);
        if (k.remaining() != prefix.length + 8 || !hasPrefix(k)) {
          break;
        }
        ByteBuffer v = cursor.val().order(ByteOrder.BIG_ENDIAN);
        if (q.inTime(v.getLong(v.position()))) {
          current = k.getLong(k.position() + prefix.length);
          return current;
        }
        more = cursor.next();
      }
      current = Long.MAX_VALUE;
      return current;
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

  private record ArrayPostings(long[] sorted) implements Postings {
    @Override
    public long seek(long atLeast) {
      int i = Arrays.binarySearch(sorted, atLeast);
      if (i < 0) {
        i = -i - 1;
      }
      return i < sorted.length ? sorted[i] : Long.MAX_VALUE;
    }
  }

  /** Several lists as one: the smallest of their next indices. */
  private record Union(List<Postings> parts) implements Postings {
    static Postings of(List<Postings> parts) {
      return parts.size() == 1 ? parts.get(0) : new Union(parts);
    }

    @Override
    public long seek(long atLeast) {
      long min = Long.MAX_VALUE;
      for (Postings p : parts) {
        min = Math.min(min, p.seek(atLeast));
      }
      return min;
    }

    @Override
    public void close() {
      parts.forEach(Postings::close);
    }
  }
}
