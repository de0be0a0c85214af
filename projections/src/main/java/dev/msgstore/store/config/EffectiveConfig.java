package dev.msgstore.store.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration in force: the catalog's defaults under the options set (in the journal, or in a
 * file for {@code configutil -f}). A language variant without a value of its own falls back to its
 * option's value, as the reference's messages do.
 */
public record EffectiveConfig(OptionCatalog catalog, Map<String, String> overrides) {
  public EffectiveConfig {
    overrides = Map.copyOf(new TreeMap<>(overrides));
  }

  /** The value of {@code fullName} in force, if it has one (set, or a default). */
  public Optional<String> value(String fullName) {
    String set = overrides.get(fullName);
    if (set != null) {
      return Optional.of(set);
    }
    OptionName n = OptionName.parse(fullName);
    if (n.isVariant()) {
      return value(n.base());
    }
    return catalog.spec(n.base()).flatMap(OptionSpec::defaultOf);
  }

  /** Every option with a value, by name: the defaults of concrete options, then what is set. */
  public Map<String, String> values() {
    Map<String, String> out = new TreeMap<>();
    for (OptionSpec s : catalog.specs()) {
      if (!s.isWildcard() && s.defaultValue() != null) {
        out.put(s.name(), s.defaultValue());
      }
    }
    out.putAll(overrides);
    return out;
  }

  /** The options set that are instances of {@code spec} (its wildcard, or its variants). */
  public List<String> instancesOf(OptionSpec spec) {
    List<String> out = new ArrayList<>();
    for (String name : new TreeMap<>(overrides).keySet()) {
      OptionName n = OptionName.parse(name);
      if (catalog.spec(n.base()).filter(spec::equals).isPresent()) {
        out.add(name);
      }
    }
    return out;
  }

  /** Each option set whose name or value the catalog refuses, as "name = value: why". */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    new TreeMap<>(overrides)
        .forEach(
            (name, v) ->
                catalog.problem(name, v).ifPresent(p -> out.add(name + " = " + v + ": " + p)));
    return out;
  }
}
