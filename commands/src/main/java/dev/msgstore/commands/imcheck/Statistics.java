package dev.msgstore.commands.imcheck;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.JournalStats;
import dev.msgstore.journal.body.BodyStoreStats;
import dev.msgstore.store.Store;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.Stat;

/**
 * {@code -s [-n] [subsystem...]}: statistics of this store's three parts, in place of the
 * reference's Berkeley DB subsystems: {@code journal} (Chronicle Queue cycle files, commits, bytes,
 * first and last index), {@code projections} (LMDB: per table entries and pages, then the
 * environment) and {@code bodies} (per partition: segments, bodies, bytes). Each figure is a {@code
 * label: value} line under its section; {@code -n} prints the values only, one a line, in the same
 * order, for scripts.
 */
final class Statistics {
  static final List<String> SUBSYSTEMS = List.of("journal", "projections", "bodies");

  private final Store store;
  private final boolean numbersOnly;

  Statistics(Store store, boolean numbersOnly) {
    this.store = store;
    this.numbersOnly = numbersOnly;
  }

  /** Prints the figures of each subsystem asked (all by default); returns them by subsystem. */
  Map<String, Map<String, Object>> print(List<String> subsystems, Consumer<String> out) {
    for (String s : subsystems) {
      if (!SUBSYSTEMS.contains(s)) {
        throw VerbFailure.usage(
            "unknown subsystem " + s + " (subsystems: " + String.join(", ", SUBSYSTEMS) + ")");
      }
    }
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (String s : subsystems.isEmpty() ? SUBSYSTEMS : subsystems) {
      Map<String, Object> figures =
          switch (s) {
            case "journal" -> journal();
            case "projections" -> projections();
            default -> bodies();
          };
      if (!numbersOnly) {
        out.accept(s);
      }
      figures.forEach((k, v) -> out.accept(numbersOnly ? String.valueOf(v) : "  " + k + ": " + v));
      all.put(s, Collections.unmodifiableMap(figures));
    }
    return Collections.unmodifiableMap(all);
  }

  private Map<String, Object> journal() {
    JournalStats j = store.journal().stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cycle files", j.cycleFiles());
    m.put("commits", j.commits());
    m.put("bytes", j.bytes());
    m.put("first index", j.firstIndex());
    m.put("last index", j.lastIndex());
    m.put("projections cover index", store.projections().stamp());
    return m;
  }

  private Map<String, Object> projections() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, Stat> e : store.projections().tableStats().entrySet()) {
      Stat t = e.getValue();
      String n = e.getKey();
      m.put(n + " entries", t.entries);
      m.put(n + " depth", t.depth);
      m.put(n + " branch pages", t.branchPages);
      m.put(n + " leaf pages", t.leafPages);
      m.put(n + " overflow pages", t.overflowPages);
    }
    EnvInfo env = store.projections().environmentInfo();
    m.put("map size", env.mapSize);
    m.put("last page", env.lastPageNumber);
    m.put("last transaction", env.lastTransactionId);
    m.put("readers", env.numReaders);
    m.put("max readers", env.maxReaders);
    return m;
  }

  private Map<String, Object> bodies() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String p : store.partitions().paths().keySet()) {
      BodyStoreStats b = store.bodies(p).stats();
      m.put(p + " segments", b.segments());
      m.put(p + " bodies", b.records());
      m.put(p + " bytes", b.bytes());
    }
    return m;
  }
}
