package dev.msgstore.commands.reconstruct;

import dev.msgstore.journal.FileTrees;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.Projections;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
   * As {@link #compare} for {@code -m -p/-u}: replays, then compares only the mailboxes {@code
   * scope} accepts (their records and their messages), record by record. Counts go under "mailbox"
   * and "message".
   */
  static Diff compareMailboxes(Store store, Predicate<MailboxRecord> scope, PrintWriter err)
      throws IOException {
    return inScratch(
        store,
        (p, tmp) -> {
          Figures f = replay(p, store, err);
          long[] boxes = new long[3];
          long[] msgs = new long[3];
          try (ProjectionReader live = store.read();
              ProjectionReader fresh = p.beginRead()) {
            Map<String, MailboxRecord> a = new TreeMap<>();
            Map<String, MailboxRecord> b = new TreeMap<>();
            live.forEachMailbox("", m -> !scope.test(m) || a.put(m.name(), m) != null || true);
            fresh.forEachMailbox("", m -> !scope.test(m) || b.put(m.name(), m) != null || true);
            for (String name : a.keySet()) {
              if (!b.containsKey(name)) {
                boxes[0]++;
              }
            }
            for (MailboxRecord m : b.values()) {
              MailboxRecord l = a.get(m.name());
              if (l == null) {
                boxes[1]++;
                msgs[1] += m.messages();
              } else {
                if (!l.equals(m)) {
                  boxes[2]++;
                }
                List<MessageRecord> x = live.messages(l.id());
                List<MessageRecord> y = fresh.messages(m.id());
                Set<MessageRecord> common = new HashSet<>(x);
                common.retainAll(y);
                msgs[0] += x.size() - common.size();
                msgs[1] += y.size() - common.size();
              }
            }
          }
          Map<String, long[]> counts = new TreeMap<>();
          counts.put("mailbox", boxes);
          counts.put("message", msgs);
          return new Diff(f, differences(counts));
        });
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
