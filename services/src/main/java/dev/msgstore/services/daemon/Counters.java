package dev.msgstore.services.daemon;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * counterutil's counter objects, read from the daemon's meter registry: each object is the meters
 * of a name prefix (and, for a protocol, {@code msgstore_sessions{protocol=...}}); each counter is
 * one sample as {@code /metrics} names it ({@code msgstore_journal_commits_total}, {@code
 * msgstore_journal_fsync_seconds_count}). A reset is an offset kept here and subtracted from what
 * counterutil is shown: the meters themselves never go back, as Prometheus requires.
 */
public final class Counters {
  /** A counter object: its name, the component whose meters it shows, what it selects. */
  public record CounterObject(
      String name, String component, List<String> prefixes, String protocol) {
    boolean holds(Meter.Id id) {
      return prefixes.stream().anyMatch(id.getName()::startsWith)
          || (protocol != null
              && id.getName().equals("msgstore.sessions")
              && protocol.equals(id.getTag("protocol")));
    }
  }

  public static final List<CounterObject> OBJECTS =
      List.of(
          new CounterObject("imapstat", "imap", List.of("msgstore.imap."), "imap"),
          new CounterObject("popstat", "pop", List.of("msgstore.pop."), "pop"),
          new CounterObject("lmtpstat", "lmtp", List.of("msgstore.lmtp."), "lmtp"),
          new CounterObject(
              "storestat", "store", List.of("msgstore.journal.", "msgstore.store."), null),
          new CounterObject("diskusage", "store", List.of("msgstore.partition."), null));

  /** One sample: its name as {@code /metrics} shows it, and whether it only grows. */
  record Sample(String name, double value, boolean counter) {}

  private final MeterRegistry registry;
  private final Map<String, Double> offsets = new ConcurrentHashMap<>();

  Counters(MeterRegistry registry) {
    this.registry = registry;
  }

  public static Optional<CounterObject> object(String name) {
    return OBJECTS.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  /**
   * The control channel's counter requests: {@code counters} lists the objects ({@code NAME
   * COMPONENT running|stopped|absent}), {@code counters OBJECT} its samples ({@code NAME VALUE
   * counter|gauge}, resets subtracted), {@code reset OBJECT COUNTER} resets one ({@code NAME WAS}).
   * Fields are separated by tabs.
   */
  List<String> answer(List<String> words, Set<String> running) {
    List<String> lines = new ArrayList<>(List.of("ok"));
    if (words.size() == 1 && words.get(0).equals("counters")) {
      for (CounterObject o : OBJECTS) {
        String state =
            running.contains(o.component())
                ? "running"
                : Components.names().contains(o.component()) ? "stopped" : "absent";
        lines.add(o.name() + "\t" + o.component() + "\t" + state);
      }
      return lines;
    }
    CounterObject o =
        object(words.size() > 1 ? words.get(1) : "")
            .orElseThrow(() -> new IllegalArgumentException("no such counter object"));
    if (words.get(0).equals("counters") && words.size() == 2) {
      for (Sample s : samples(o)) {
        lines.add(s.name() + "\t" + shown(s.value()) + "\t" + (s.counter() ? "counter" : "gauge"));
      }
      return lines;
    }
    if (words.get(0).equals("reset") && words.size() == 3) {
      String name = words.get(2);
      Sample s =
          samples(o).stream()
              .filter(x -> x.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException("no counter " + name + " in " + o.name()));
      if (!s.counter()) {
        throw new IllegalArgumentException(
            name + " is a gauge (it says what is now) and cannot be reset");
      }
      double raw = s.value() + offsets.getOrDefault(name, 0.0);
      offsets.put(name, raw);
      lines.add(name + "\t" + shown(s.value()));
      return lines;
    }
    throw new IllegalArgumentException("malformed counter request");
  }

  /** The object's samples, sorted by name, with resets subtracted. */
  List<Sample> samples(CounterObject o) {
    NamingConvention naming = registry.config().namingConvention();
    List<Sample> out = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      Meter.Id id = m.getId();
      if (!o.holds(id)) {
        continue;
      }
      String base = naming.name(id.getName(), id.getType(), id.getBaseUnit());
      if (id.getType() == Meter.Type.COUNTER && !base.endsWith("_total")) {
        base += "_total"; // as the Prometheus exposition names a counter
      }
      String labels =
          id.getTags().isEmpty()
              ? ""
              : id.getTags().stream()
                  .sorted(Comparator.comparing(Tag::getKey))
                  .map(t -> naming.tagKey(t.getKey()) + "=\"" + t.getValue() + "\"")
                  .collect(Collectors.joining(",", "{", "}"));
      List<Measurement> measures = new ArrayList<>();
      m.measure().forEach(measures::add);
      for (Measurement x : measures) {
        String name = base + (measures.size() == 1 ? "" : suffix(x.getStatistic())) + labels;
        boolean counter =
            switch (x.getStatistic()) {
              case COUNT, TOTAL, TOTAL_TIME -> true;
              default -> false;
            };
        double value = x.getValue() - (counter ? offsets.getOrDefault(name, 0.0) : 0.0);
        out.add(new Sample(name, value, counter));
      }
    }
    out.sort(Comparator.comparing(Sample::name));
    return out;
  }

  private static String suffix(Statistic s) {
    return switch (s) {
      case COUNT -> "_count";
      case TOTAL, TOTAL_TIME -> "_sum";
      case MAX -> "_max";
      case VALUE -> "";
      default -> "_" + s.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A value as a person reads it: whole numbers without a fraction. */
  public static String shown(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
