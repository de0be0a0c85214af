package dev.msgstore.projections;

import dev.msgstore.journal.Actor;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.lmdb.Buf;
import dev.msgstore.projections.lmdb.Table;
import dev.msgstore.projections.lmdb.TxnCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * posting list is a superset: the reader applies the filter exactly to the commits it reads. This
 * class writes the index; {@link AuditLookup} reads it.
 */
final class AuditIndex {
  static final int MAX_KEY_TEXT = 400;

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
        String n = latestName(tx, id.get(), known);
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

  private String latestName(Txn<ByteBuffer> tx, long id, Map<Long, String> known) {
    String n = known.get(id);
    if (n == null) {
      n = lookup(tx).nameBefore(id, Long.MAX_VALUE);
      if (n != null) {
        known.put(id, n);
      }
    }
    return n;
  }

  private static ByteBuffer textKey(Buf key, String text, long index) {
    return key.clear().putBytes(cut(text)).putByte(0).putLong(index).flip();
  }

  static byte[] cut(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return b.length <= MAX_KEY_TEXT ? b : Arrays.copyOf(b, MAX_KEY_TEXT);
  }

  /** The read side, in {@code tx}. */
  AuditLookup lookup(Txn<ByteBuffer> tx) {
    Map<String, Table> byName =
        Map.of(
            AuditLookup.USERS, users,
            AuditLookup.MAILBOXES, mailboxes,
            AuditLookup.ACTORS, actors,
            AuditLookup.TYPES, types,
            AuditLookup.TIMES, times,
            AuditLookup.NAMES, names);
    return new AuditLookup(name -> new TxnCursor(byName.get(name).openCursor(tx)));
  }
}
