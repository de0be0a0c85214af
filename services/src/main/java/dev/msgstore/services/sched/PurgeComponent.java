package dev.msgstore.services.sched;

import dev.msgstore.journal.Author;
import dev.msgstore.services.daemon.Component;
import dev.msgstore.services.daemon.ComponentFailure;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.store.Store;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.purge.PurgeLock;
import dev.msgstore.store.purge.PurgeReport;
import dev.msgstore.store.purge.Purger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code purge}: the reference's purge daemon. Runs impurge's pass ({@link Purger}) on the daemon's
 * store at the times {@code local.purge.schedule} names, under the same purge session lock as
 * {@code impurge}: while one runs, the other logs the reference's "Could not get purge session
 * lock" line and waits for its next time.
 */
public final class PurgeComponent implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(PurgeComponent.class);
  static final String SCHEDULE = "local.purge.schedule";

  private final Clock clock;
  private Scheduler scheduler;
  private Store store;

  public PurgeComponent() {
    this(Clock.systemDefaultZone());
  }

  PurgeComponent(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "purge";
  }

  @Override
  public void start(DaemonContext daemon) {
    store = daemon.store();
    scheduler = new Scheduler(clock);
    try {
      schedule(store.config());
    } catch (IllegalArgumentException e) {
      throw new ComponentFailure(ComponentFailure.UNAVAILABLE, "purge: " + e.getMessage());
    }
    scheduler.start("msgstore-purge");
    LOG.info("purge: {}", scheduler.states());
  }

  private void schedule(EffectiveConfig config) {
    String value = config.value(SCHEDULE).orElse("").strip();
    CronSchedule when;
    try {
      when = CronSchedule.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SCHEDULE + ": " + e.getMessage(), e);
    }
    scheduler.put(new Scheduler.Job("purge", when, this::purge));
  }

  /** One pass, unless another purge holds the lock. */
  void purge() {
    PurgeLock lock;
    try {
      lock = PurgeLock.take(store.root());
    } catch (PurgeLock.Busy busy) {
      LOG.warn("purge: {}", busy.getMessage());
      return;
    }
    try (lock) {
      PurgeReport r =
          new Purger(store, Author.of("purge", "purge component"), clock, l -> LOG.debug(l)).pass();
      LOG.info(
          "purge: purged {} messages in {} mailboxes; reclaimed {} bytes",
          r.messages(),
          r.mailboxes().size(),
          r.reclaimedBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void refresh(EffectiveConfig config) {
    schedule(config); // a bad value throws: the refresh reports it and the old schedule stays
  }

  Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public Health health() {
    if (scheduler == null || !scheduler.running()) {
      return Health.notReady("the purge scheduler is not running");
    }
    Scheduler.State s = scheduler.states().get(0);
    return Health.ready("purge '" + s.schedule() + "' next " + s.next() + ", last " + s.last());
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
