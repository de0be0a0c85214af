package dev.msgstore.commands.reconstruct;

import dev.msgstore.journal.FileTrees;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.Projections;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.SharedAccess;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * A real replay of the whole journal into a fresh projection cache (in a temporary directory under
 * the store's {@code run/}), then an entry-by-entry comparison with the live cache: both are dumped
 * in key order ({@link Projections#dump}) to files and merged, so that neither sits in heap.
 */
final class Replay {
  /** The replay's figures and, per table, how the live cache differs from it. */
  record Diff(Figures figures, Map<String, TableDifferences> byTable) {}

  /** Work on a fresh, empty projection cache in a scratch directory. */
  interface ScratchWork<T> {
    T apply(Projections fresh, Path scratch) throws IOException;
  }

  private Replay() {}

  /**
   * Runs {@code work} on a fresh projection cache in a scratch directory under the store's {@code
   * run/}, deleted afterwards: the store itself is not written.
   */
  static <T> T inScratch(Store store, ScratchWork<T> work) throws IOException {
    Path tmp = store.root().resolve("run").resolve("reconstruct-" + ProcessHandle.current().pid());
    FileTrees.delete(tmp);
    Files.createDirectories(tmp);
    try (Projections p = Projections.open(tmp.resolve("projections"))) {
      return work.apply(p, tmp);
    } finally {
      FileTrees.delete(tmp);
    }
  }

  /** Replays into a fresh cache and compares the tables in {@code tables} (all when null). */
  static Diff compare(Store store, Set<String> tables, PrintWriter err) throws IOException {
    return inScratch(
        store,
        (p, tmp) -> {
          Figures f = replay(p, store, err);
          Path fresh = tmp.resolve("fresh.dump");
          Path live = tmp.resolve("live.dump");
          try (Writer w = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8)) {
            p.dump(w);
          }
          store.refresh(); // the live cache covers at least what the replay did
          try (Writer w = Files.newBufferedWriter(live, StandardCharsets.UTF_8)) {
            store.projections().dump(w);
          }
          return new Diff(f, merge(live, fresh, tables));
        });
  }

  /**
   * As {@link #compare} for {@code -m -p/-u}: replays, then compares only what belongs to the
   * scope, record by record: the mailboxes {@code mailboxes} accepts, with their messages, expunged
   * messages, ACL entries and readers; and the per-user records (quota root, directory entry,
   * subscriptions, rights held on mailboxes) of {@code user}, or when it is null, of those
   * mailboxes' owners. Counts go under the table each kind of record lives in.
   */
  static Diff compareScope(
      Store store, Predicate<MailboxRecord> mailboxes, String user, PrintWriter err)
      throws IOException {
    return inScratch(
        store,
        (p, tmp) -> {
          Figures f = replay(p, store, err);
          Map<String, long[]> counts = new TreeMap<>();
          try (ProjectionReader live = store.read();
              ProjectionReader fresh = p.beginRead()) {
            Map<String, MailboxRecord> a = new TreeMap<>();
            Map<String, MailboxRecord> b = new TreeMap<>();
            live.forEachMailbox("", m -> !mailboxes.test(m) || a.put(m.name(), m) != null || true);
            fresh.forEachMailbox("", m -> !mailboxes.test(m) || b.put(m.name(), m) != null || true);
            Set<String> names = new TreeSet<>(a.keySet());
            names.addAll(b.keySet());
            Set<String> users = new TreeSet<>();
            if (user != null) {
              users.add(user);
            }
            for (String name : names) {
              MailboxRecord l = a.get(name);
              MailboxRecord y = b.get(name);
              one(counts, "mailbox", l, y);
              if (user == null) {
                (l != null ? l : y).owner().ifPresent(users::add);
              }
              // A mailbox only one side has: each of its records counts as only on that side.
              many(
                  counts,
                  "message",
                  of(l, live::messages),
                  of(y, fresh::messages),
                  MessageRecord::uid);
              many(
                  counts,
                  "expunged",
                  of(l, live::expunged),
                  of(y, fresh::expunged),
                  e -> e.message().uid());
              many(
                  counts,
                  "acl.by-mailbox",
                  of(l, live::acl),
                  of(y, fresh::acl),
                  AclEntry::identifier);
              many(
                  counts,
                  "readership",
                  of(l, live::readership),
                  of(y, fresh::readership),
                  SharedAccess::userId);
            }
            for (String u : users) {
              one(counts, "quota", live.quota(u), fresh.quota(u));
              one(counts, "user", live.user(u).orElse(null), fresh.user(u).orElse(null));
              many(
                  counts,
                  "subscription",
                  live.subscriptions(u),
                  fresh.subscriptions(u),
                  Subscription::mailbox);
              many(counts, "acl.by-identifier", live.aclOf(u), fresh.aclOf(u), AclEntry::mailboxId);
            }
          }
          return new Diff(f, differences(counts));
        });
  }

  /** The records {@code read} gives for mailbox {@code m}: none when there is no such mailbox. */
  private static <T> List<T> of(MailboxRecord m, LongFunction<List<T>> read) {
    return m == null ? List.of() : read.apply(m.id());
  }

  /** Counts one record of the live cache ({@code live}) against the replay's ({@code fresh}). */
  private static void one(Map<String, long[]> counts, String table, Object live, Object fresh) {
    long[] n = counts.computeIfAbsent(table, k -> new long[3]);
    if (live != null && fresh == null) {
      n[0]++;
    } else if (live == null && fresh != null) {
      n[1]++;
    } else if (live != null && !live.equals(fresh)) {
      n[2]++;
    }
  }

  /** Counts records matched by {@code key}: those on one side only, and those that differ. */
  private static <T> void many(
      Map<String, long[]> counts,
      String table,
      List<T> live,
      List<T> fresh,
      Function<T, Object> key) {
    Map<Object, T> byKey = new HashMap<>();
    for (T t : fresh) {
      byKey.put(key.apply(t), t);
    }
    for (T t : live) {
      one(counts, table, t, byKey.remove(key.apply(t)));
    }
    for (T t : byKey.values()) {
      one(counts, table, null, t);
    }
  }

  /** Rebuilds {@code p} from the whole journal, reporting progress in commits. */
  static Figures replay(Projections p, Store store, PrintWriter err) {
    Progress progress = new Progress(err, "commits replayed", store.journal().stats().commits());
    long start = System.nanoTime();
    long n = p.rebuild(store.journal(), progress::at);
    return new Figures("events", n, 0, System.nanoTime() - start);
  }

  private static Map<String, TableDifferences> merge(Path live, Path fresh, Set<String> tables)
      throws IOException {
    Map<String, long[]> out = new TreeMap<>();
    try (BufferedReader a = Files.newBufferedReader(live, StandardCharsets.UTF_8);
        BufferedReader b = Files.newBufferedReader(fresh, StandardCharsets.UTF_8)) {
      Entries x = new Entries(a);
      Entries y = new Entries(b);
      x.next();
      y.next();
      while (x.line != null || y.line != null) {
        int c = x.line == null ? 1 : y.line == null ? -1 : x.compareTo(y);
        String table = c <= 0 ? x.table : y.table;
        boolean counted = tables == null || tables.contains(table);
        long[] n = out.computeIfAbsent(table, k -> new long[3]);
        if (c == 0) {
          if (counted && !x.value().equals(y.value())) {
            n[2]++;
          }
          x.next();
          y.next();
        } else if (c < 0) {
          if (counted && !"meta".equals(table)) {
            n[0]++;
          }
          x.next();
        } else {
          if (counted && !"meta".equals(table)) {
            n[1]++;
          }
          y.next();
        }
      }
    }
    return differences(out);
  }

  /** The tables with differences, from counters of {only in cache, missing from it, changed}. */
  private static Map<String, TableDifferences> differences(Map<String, long[]> counts) {
    Map<String, TableDifferences> out = new TreeMap<>();
    counts.forEach(
        (table, n) -> {
          if (n[0] + n[1] + n[2] > 0) {
            out.put(table, new TableDifferences(n[0], n[1], n[2]));
          }
        });
    return out;
  }

  /** A cursor over a dump: the table it is in (by order of appearance) and its current entry. */
  private static final class Entries {
    private final BufferedReader in;
    private int section = -1;
    String table;
    String line;

    Entries(BufferedReader in) {
      this.in = in;
    }

    void next() throws IOException {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        if (l.startsWith("[")) {
          section++;
          table = l.substring(1, l.length() - 1);
        } else {
          line = l;
          return;
        }
      }
      line = null;
    }

    String key() {
      return line.substring(0, line.indexOf('='));
    }

    String value() {
      return line.substring(line.indexOf('=') + 1);
    }

    int compareTo(Entries o) {
      // Tables appear in the same order in both dumps; hex of big-endian keys sorts as LMDB does.
      int s = Integer.compare(section, o.section);
      return s != 0 ? s : key().compareTo(o.key());
    }
  }
}
