package dev.msgstore.services.daemon;

import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.OptionName;
import dev.msgstore.store.config.OptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code refresh}: keeps the options each running component runs with (those it owns: {@code
 * service.<name>.*} and {@code logfile.<name>.*} are the component's, every other option the
 * store's), and when a refresh request comes through the journal applies what changed and the
 * catalog marks refreshable, and reports the other changes as needing a restart. The outcome of
 * each request waits, by its commit index, for the {@code refresh} verb to ask for it.
 */
final class Refresher {
  private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);

  /** How the outcome of a request is told, a line each, fields separated by tabs. */
  enum Kind {
    /** {@code applied COMPONENT OPTION WAS NOW}: a refreshable option changed and was applied. */
    applied,
    /** {@code restart COMPONENT OPTION WAS NOW}: changed, but only a restart takes it up. */
    restart,
    /** {@code unchanged COMPONENT}: nothing it owns changed since it started. */
    unchanged,
    /** {@code stopped COMPONENT}: named, but not running. */
    stopped,
    /** {@code failed COMPONENT WHY}: the component could not take the new configuration up. */
    failed,
    /** {@code later}: the daemon started after the request and read the configuration then. */
    later
  }

  private final Map<String, Map<String, String>> inForce = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<List<String>>> outcomes = new ConcurrentHashMap<>();

  /** The component that takes up {@code option}. */
  static String owner(String option) {
    String[] p = OptionName.parse(option).base().split("\\.");
    if (p.length >= 3 && (p[0].equals("service") || p[0].equals("logfile"))) {
      return p[1];
    }
    return "store";
  }

  /** Records what {@code c} starts with, and sets its log level. */
  void started(Component c, EffectiveConfig config) {
    inForce.put(c.name(), owned(c.name(), config));
    Logging.level(c.logger(), config.value(Logging.levelOption(c.name())).orElse("Notice"));
  }

  void stopped(String name) {
    inForce.remove(name);
  }

  /**
   * Refreshes the components {@code asked} ({@code *}: every one running) from {@code config}; the
   * lines say what each did.
   */
  List<String> refresh(
      long index, List<String> asked, Map<String, Component> running, EffectiveConfig config) {
    List<String> names =
        asked.contains("*")
            ? List.copyOf(running.keySet())
            : Components.names().stream().filter(asked::contains).toList();
    List<String> lines = new ArrayList<>();
    for (String name : names) {
      Component c = running.get(name);
      Map<String, String> before = inForce.get(name);
      if (c == null || before == null) {
        lines.add(Kind.stopped + "\t" + name);
        LOG.info("refresh (commit {}): {}: not running", index, name);
        continue;
      }
      Map<String, String> now = owned(name, config);
      Map<String, String> kept = new TreeMap<>(before);
      int changes = 0;
      for (String option : new TreeSet<>(union(before, now))) {
        String was = before.get(option);
        String is = now.get(option);
        if (Objects.equals(was, is)) {
          continue;
        }
        changes++;
        boolean refreshable =
            config
                .catalog()
                .spec(OptionName.parse(option).base())
                .map(OptionSpec::refreshable)
                .orElse(false);
        lines.add(
            String.join(
                "\t",
                (refreshable ? Kind.applied : Kind.restart).name(),
                name,
                option,
                was == null ? "" : was,
                is == null ? "" : is));
        LOG.info(
            "refresh (commit {}): {}: {} = {} (was {}){}",
            index,
            name,
            option,
            is == null ? "unset" : is,
            was == null ? "unset" : was,
            refreshable ? ", applied" : ": takes effect at a restart");
        if (refreshable) {
          if (is == null) {
            kept.remove(option);
          } else {
            kept.put(option, is);
          }
        }
      }
      try {
        c.refresh(config);
        Logging.level(c.logger(), config.value(Logging.levelOption(name)).orElse("Notice"));
      } catch (RuntimeException e) {
        LOG.error("refresh (commit {}): {}: {}", index, name, e.toString());
        lines.add(Kind.failed + "\t" + name + "\t" + e.getMessage());
        continue; // what it runs with is what it ran with
      }
      inForce.put(name, kept); // a change needing a restart is told again until then
      if (changes == 0) {
        lines.add(Kind.unchanged + "\t" + name);
        LOG.info("refresh (commit {}): {}: nothing changed", index, name);
      }
    }
    outcome(index).complete(lines);
    return lines;
  }

  /**
   * The outcome of the request committed at {@code index}, waiting up to {@code seconds} for the
   * journal tail to reach it; {@link Kind#later} when the daemon's tail started past it.
   */
  List<String> await(long index, LongSupplier tailStart, long seconds) throws InterruptedException {
    if (tailStart.getAsLong() >= index && !outcomes.containsKey(index)) {
      return List.of(Kind.later.name());
    }
    try {
      return outcome(index).get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the daemon did not reach the refresh request (commit "
              + index
              + ") in "
              + seconds
              + " s");
    } catch (ExecutionException e) {
      throw new IllegalStateException("refresh failed: " + e.getCause());
    } finally {
      outcomes.remove(index);
    }
  }

  private CompletableFuture<List<String>> outcome(long index) {
    return outcomes.computeIfAbsent(index, i -> new CompletableFuture<>());
  }

  /** The options {@code component} owns, with their values in force (defaults included). */
  private static Map<String, String> owned(String component, EffectiveConfig config) {
    Map<String, String> out = new TreeMap<>();
    config
        .values()
        .forEach(
            (name, value) -> {
              if (owner(name).equals(component)) {
                out.put(name, value);
              }
            });
    for (OptionSpec s : config.catalog().specs()) {
      String instance = s.name().replace("*", component);
      if (s.isWildcard() && owner(instance).equals(component) && !instance.startsWith("store.")) {
        config.value(instance).ifPresent(v -> out.put(instance, v));
      }
    }
    return out;
  }

  private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }
}
