package dev.msgstore.services.sched;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.services.daemon.Component;
import dev.msgstore.services.daemon.ComponentFailure;
import dev.msgstore.services.daemon.DaemonContext;
import dev.msgstore.services.daemon.Health;
import dev.msgstore.store.config.EffectiveConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sched}: runs the reference's scheduled utilities at the times their {@code local.sched.*}
 * option gives ({@link ScheduledCommand}), in this process, through the verb itself. A job is one
 * line in {@link #JOBS}; an option left unset schedules nothing. What a run prints goes to the log.
 */
public final class SchedComponent implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(SchedComponent.class);

  /** A scheduled verb: its job name, the option scheduling it, and the verb it runs. */
  public record JobSpec(String name, String option, String verb) {}

  /** The jobs sched knows, one line each. */
  public static final List<JobSpec> JOBS =
      List.of(
          new JobSpec("userpurge", "local.sched.userpurge", "msuserpurge"),
          new JobSpec("expire", "local.sched.expire", "imexpire"));

  private final Clock clock;
  private Scheduler scheduler;
  private Path root;
  private final Map<String, String> problems = new TreeMap<>();

  public SchedComponent() {
    this(Clock.systemDefaultZone());
  }

  SchedComponent(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "sched";
  }

  @Override
  public void start(DaemonContext daemon) {
    root = daemon.root();
    scheduler = new Scheduler(clock);
    List<String> bad = configure(daemon.store().config());
    if (!bad.isEmpty()) {
      throw new ComponentFailure(ComponentFailure.UNAVAILABLE, "sched: " + bad.get(0));
    }
    scheduler.start("msgstore-sched");
    LOG.info("sched: {}", describe());
  }

  /** (Re)reads every job's option; returns the problems (a job with one keeps its schedule). */
  private List<String> configure(EffectiveConfig config) {
    List<String> bad = new ArrayList<>();
    for (JobSpec spec : JOBS) {
      Optional<String> value = config.value(spec.option()).filter(v -> !v.isBlank());
      if (value.isEmpty()) {
        scheduler.remove(spec.name());
        problems.remove(spec.name());
        continue;
      }
      try {
        ScheduledCommand c = ScheduledCommand.parse(spec.option(), spec.verb(), value.get());
        scheduler.put(new Scheduler.Job(spec.name(), c.schedule(), () -> run(spec, c)));
        problems.remove(spec.name());
      } catch (IllegalArgumentException e) {
        bad.add(e.getMessage());
        problems.put(spec.name(), e.getMessage());
      }
    }
    return bad;
  }

  /** Runs the verb as its command line would, in this process; its output goes to the log. */
  void run(JobSpec spec, ScheduledCommand c) {
    List<String> args = new ArrayList<>();
    args.add(spec.verb());
    args.add("--store");
    args.add(root.toString());
    args.addAll(c.args());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), "sched", args);
    int code = Main.run(ctx, args.toArray(String[]::new));
    out.toString().lines().forEach(l -> LOG.info("sched: {}: {}", spec.name(), l));
    err.toString().lines().forEach(l -> LOG.warn("sched: {}: {}", spec.name(), l));
    if (code != 0) {
      throw new IllegalStateException(spec.verb() + " exited " + code);
    }
  }

  @Override
  public void refresh(EffectiveConfig config) {
    List<String> bad = configure(config);
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", bad) + " (the old schedule stays)");
    }
    LOG.info("sched: {}", describe());
  }

  private String describe() {
    List<Scheduler.State> states = scheduler.states();
    if (states.isEmpty()) {
      return "no job scheduled (set local.sched.userpurge)";
    }
    return states.stream()
        .map(s -> s.name() + " '" + s.schedule() + "' next " + s.next() + ", last " + s.last())
        .collect(Collectors.joining("; "));
  }

  Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public Health health() {
    if (scheduler == null || !scheduler.running()) {
      return Health.notReady("the scheduler is not running");
    }
    String detail = describe();
    return problems.isEmpty()
        ? Health.ready(detail)
        : Health.notReady(detail + "; " + String.join("; ", problems.values()));
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
  }
}
