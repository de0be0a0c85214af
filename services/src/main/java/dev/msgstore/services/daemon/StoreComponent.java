package dev.msgstore.services.daemon;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.codec.EventType;
import dev.msgstore.journal.event.MaintenanceEvent;
import dev.msgstore.services.auth.Connections;
import dev.msgstore.store.Store;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store} (the reference's stored): opens the store and tails its journal, so that what a CLI
 * verb or a script commits while the daemon runs is seen here, and the projections are caught up on
 * the store's writer thread (the Sequencer) as commits arrive. Ready when it has read to the end of
 * the journal and the projections cover it.
 */
public final class StoreComponent implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
  private static final long IDLE_MILLIS = 20;
  private static final long REFRESH_NANOS = 1_000_000_000L;

  private Store store;
  private Thread tail;
  private volatile boolean stopping;
  private final AtomicLong commitsSeen = new AtomicLong();
  private volatile long lastSeen = Journal.NO_INDEX;
  private volatile long tailStart = Journal.NO_INDEX;
  private volatile BiConsumer<Long, List<String>> onRefresh = (index, components) -> {};

  @Override
  public String name() {
    return "store";
  }

  /** The store this component opened; null before it started. */
  public Store store() {
    return store;
  }

  /**
   * Who is told of each refresh request the tail reads (its commit index, the components named, *
   * for all), once the projections cover it.
   */
  void onRefresh(BiConsumer<Long, List<String>> listener) {
    onRefresh = listener;
  }

  /** The journal index the tail started after: requests up to it came before this daemon. */
  long tailStart() {
    return tailStart;
  }

  @Override
  public String logger() {
    return StoreComponent.class.getName(); // its package is the daemon's
  }

  @Override
  public void start(DaemonContext daemon) {
    try {
      store = Store.open(daemon.root());
    } catch (RuntimeException e) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE,
          "store: cannot open the store in " + daemon.root() + ": " + e.getMessage(),
          e);
    }
    store.rebuiltBecause().ifPresent(why -> LOG.info("projections rebuilt: {}", why));
    long from = store.journal().lastIndex();
    lastSeen = from;
    tailStart = from;
    tail = Thread.ofPlatform().name("msgstore-journal-tail").daemon().start(() -> tail(from));
    LOG.info("store open in {}, journal index {}", daemon.root(), from);
  }

  /** Registers the store's meters: commits seen, journal fsyncs, disk use per partition. */
  void bindMetrics(MeterRegistry registry) {
    FunctionCounter.builder("msgstore.journal.commits", commitsSeen, AtomicLong::get)
        .description("Commits read from the journal by the daemon (its own and other processes')")
        .register(registry);
    FunctionTimer.builder(
            "msgstore.journal.fsync",
            store.journal(),
            Journal::syncCount,
            Journal::syncNanos,
            TimeUnit.NANOSECONDS)
        .description("Journal fsyncs run by the daemon (group commit: one covers many commits)")
        .register(registry);
    PartitionMetrics.bind(store, registry);
  }

  /** The events the tail acts on: refresh requests, and imsconnutil -k's disconnect requests. */
  private static final Predicate<EventType<?>> REQUESTS =
      t ->
          t.type() == MaintenanceEvent.RefreshRequested.class
              || t.type() == MaintenanceEvent.DisconnectRequested.class;

  /** Reads each new commit as it is written, and applies it to the projections if not yet. */
  private void tail(long from) {
    long pid = ProcessHandle.current().pid();
    boolean others = true; // another process's commit read since the last refresh
    long refreshed = System.nanoTime();
    try (JournalCursor cursor = store.journal().cursor()) {
      cursor.seekAfter(from);
      while (!stopping) {
        // Only requests are decoded (every event, when debug logging names them all): the
        // tail reads every commit the daemon writes, and decoding each in full cost ~5% of its CPU
        // under an LMTP load.
        Commit c = cursor.next(LOG.isDebugEnabled() ? CommitCodec.ALL_EVENTS : REQUESTS);
        if (c == null) {
          // The projections lack only other processes' commits: this process's writer applies its
          // own. So the catch-up runs on the writer thread when the tail read one of theirs (and
          // at least once a second all the same); not after each look under an LMTP load, where
          // every commit is the daemon's own and each check cost a journal-end look and a read.
          long now = System.nanoTime();
          if (others || now - refreshed > REFRESH_NANOS) {
            others = false;
            refreshed = now;
            store.refresh();
          }
          Thread.sleep(IDLE_MILLIS);
          continue;
        }
        commitsSeen.incrementAndGet();
        lastSeen = c.index();
        others |= c.meta().pid() != pid;
        if (c.events().isEmpty()) {
          continue; // no request in it (the usual commit: only requests are decoded)
        }
        List<String> refresh =
            c.events().stream()
                .filter(e -> e instanceof MaintenanceEvent.RefreshRequested)
                .map(e -> ((MaintenanceEvent.RefreshRequested) e).service())
                .toList();
        if (!refresh.isEmpty()) {
          refreshRequested(c.index(), refresh);
        }
        for (var e : c.events()) {
          if (e instanceof MaintenanceEvent.DisconnectRequested d) {
            int n = Connections.PROCESS.disconnect(d.userId(), d.service());
            LOG.info(
                "disconnect (commit {}) of {} on {}: {} sessions closed",
                c.index(),
                d.userId(),
                d.service(),
                n);
          }
        }
        if (LOG.isDebugEnabled()) {
          LOG.debug(
              "journal commit {} by {}: {}",
              c.index(),
              c.meta().actor(),
              c.events().stream().map(EventRegistry::nameOf).distinct().toList());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!stopping) {
        LOG.error("the journal tail stopped: {}", e.toString());
      }
    }
  }

  private void refreshRequested(long index, List<String> components) {
    try {
      store.refresh(); // the configuration commits before the request are in the projections
      onRefresh.accept(index, components);
    } catch (RuntimeException e) {
      LOG.error("refresh (commit {}) failed: {}", index, e.toString());
    }
  }

  @Override
  public Health health() {
    if (store == null || tail == null || !tail.isAlive()) {
      return Health.notReady("the journal tail is not running");
    }
    var failed = store.journal().failedFsync();
    if (failed.isPresent()) {
      return Health.notReady(
          "an fsync of the journal failed ("
              + failed.get().getMessage()
              + "): writes are refused until the daemon starts again");
    }
    store.refresh();
    long end = store.journal().lastIndex();
    long stamp = store.projections().stamp();
    String figures =
        "journal end "
            + end
            + ", read by the daemon to "
            + lastSeen
            + ", projections cover "
            + stamp
            + ", "
            + commitsSeen.get()
            + " commits read since start";
    if (stamp >= end && lastSeen >= end) {
      return Health.ready("caught up: " + figures);
    }
    return Health.notReady("catching up: " + figures);
  }

  @Override
  public void close() {
    stopping = true;
    if (tail != null) {
      try {
        tail.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (store != null) {
      store.close();
      store = null;
    }
    LOG.info("store closed");
  }
}
