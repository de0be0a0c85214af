package dev.msgstore.services.sched;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs at the times their {@link CronSchedule} names, one at a time, on one platform thread (a
 * job may run for long: a purge, a user purge). A job missed while another ran runs once when that
 * one ends; a time passed while the daemon was down is not made up. {@link #tick} is the step the
 * thread takes, and what a test drives with its own times.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final long MAX_SLEEP_MILLIS = 30_000;

  /** A job: its name, when, and what it does. */
  public record Job(String name, CronSchedule schedule, Runnable work) {}

  /** A job's state, for health: when it runs next and how its last run went. */
  public record State(String name, String schedule, ZonedDateTime next, String last) {}

  private final Clock clock;
  private final Map<String, Job> jobs = new TreeMap<>();
  private final Map<String, ZonedDateTime> next = new TreeMap<>();
  private final Map<String, String> last = new TreeMap<>();
  private final Object lock = new Object();
  private Thread thread;
  private volatile boolean stopping;

  public Scheduler(Clock clock) {
    this.clock = clock;
  }

  /** Adds or replaces a job (a refresh changed its schedule); its next time counts from now. */
  public void put(Job job) {
    synchronized (lock) {
      jobs.put(job.name(), job);
      ZonedDateTime now = ZonedDateTime.now(clock);
      job.schedule()
          .next(now)
          .ifPresentOrElse(t -> next.put(job.name(), t), () -> next.remove(job.name()));
      lock.notifyAll();
    }
  }

  public void remove(String name) {
    synchronized (lock) {
      jobs.remove(name);
      next.remove(name);
    }
  }

  /** Runs every job due at {@code now}, in name order, and schedules each again after it. */
  public List<String> tick(ZonedDateTime now) {
    List<Job> due = new ArrayList<>();
    synchronized (lock) {
      next.forEach(
          (name, at) -> {
            if (!at.isAfter(now)) {
              due.add(jobs.get(name));
            }
          });
    }
    List<String> ran = new ArrayList<>();
    for (Job job : due) {
      String outcome;
      try {
        job.work().run();
        outcome = "ok at " + now;
      } catch (RuntimeException e) {
        outcome = "failed at " + now + ": " + e.getMessage();
        LOG.error("sched: {} failed: {}", job.name(), e.toString());
      }
      ran.add(job.name());
      synchronized (lock) {
        last.put(job.name(), outcome);
        if (jobs.get(job.name()) == job) {
          ZonedDateTime after = ZonedDateTime.now(clock);
          Optional<ZonedDateTime> n = job.schedule().next(after.isAfter(now) ? after : now);
          n.ifPresentOrElse(t -> next.put(job.name(), t), () -> next.remove(job.name()));
        }
      }
    }
    return ran;
  }

  public List<State> states() {
    synchronized (lock) {
      List<State> out = new ArrayList<>();
      jobs.forEach(
          (name, job) ->
              out.add(
                  new State(
                      name,
                      job.schedule().text(),
                      next.get(name),
                      last.getOrDefault(name, "never run"))));
      return out;
    }
  }

  public void start(String threadName) {
    thread = Thread.ofPlatform().name(threadName).daemon().start(this::loop);
  }

  public boolean running() {
    return thread != null && thread.isAlive();
  }

  private void loop() {
    while (!stopping) {
      try {
        long wait;
        synchronized (lock) {
          long now = clock.millis();
          wait = MAX_SLEEP_MILLIS;
          for (ZonedDateTime t : next.values()) {
            wait = Math.min(wait, t.toInstant().toEpochMilli() - now);
          }
          if (wait > 0) {
            lock.wait(wait);
            continue;
          }
          if (stopping) {
            return;
          }
        }
        tick(ZonedDateTime.now(clock));
      } catch (InterruptedException e) {
        if (stopping) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    if (thread != null) {
      // never interrupt: a job's file channels would close under it; a running job finishes first
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
