package dev.msgstore.store.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The options this store reads, loaded from the text resource {@code options.catalog} (its header
 * explains the format and the rule that an option comes with the code that reads it).
 */
public final class OptionCatalog {
  private static final String RESOURCE = "options.catalog";
  private static final List<String> KEYS =
      List.of("description", "syntax", "default", "flags", "refreshable", "variants");

  /** Keys an option may leave out. */
  private static final List<String> OPTIONAL_KEYS = List.of("values");

  private static volatile OptionCatalog standard;

  private final Map<String, OptionSpec> specs;

  private OptionCatalog(Map<String, OptionSpec> specs) {
    this.specs = specs;
  }

  /** The catalog shipped with the store. */
  public static OptionCatalog standard() {
    OptionCatalog c = standard;
    if (c == null) {
      try (InputStream in =
          Objects.requireNonNull(OptionCatalog.class.getResourceAsStream(RESOURCE), RESOURCE)) {
        c = load(new InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      standard = c;
    }
    return c;
  }

  /** Parses a catalog; a malformed one is a build defect, reported with its line number. */
  public static OptionCatalog load(Reader source) throws IOException {
    Map<String, OptionSpec> out = new TreeMap<>();
    BufferedReader in = new BufferedReader(source);
    String name = null;
    Map<String, String> fields = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line = in.readLine(); ; line = in.readLine()) {
      lineNo++;
      String l = line == null ? null : line.strip();
      if (l != null && (l.isEmpty() || l.startsWith("#"))) {
        continue;
      }
      if (l == null || l.startsWith("[")) {
        if (name != null) {
          out.put(name, spec(name, fields, lineNo));
        }
        if (l == null) {
          return new OptionCatalog(out);
        }
        if (!l.endsWith("]")) {
          throw new IOException("catalog line " + lineNo + ": expected [option.name]");
        }
        name = l.substring(1, l.length() - 1).strip();
        fields.clear();
        continue;
      }
      int eq = l.indexOf('=');
      String key = eq < 0 ? "" : l.substring(0, eq).strip();
      if (name == null || !(KEYS.contains(key) || OPTIONAL_KEYS.contains(key))) {
        throw new IOException(
            "catalog line "
                + lineNo
                + ": expected one of "
                + KEYS
                + " or "
                + OPTIONAL_KEYS
                + " = value");
      }
      fields.put(key, l.substring(eq + 1).strip());
    }
  }

  private static OptionSpec spec(String name, Map<String, String> f, int lineNo)
      throws IOException {
    if (!f.keySet().containsAll(KEYS)) {
      throw new IOException(
          "catalog, option " + name + " before line " + lineNo + ": needs " + KEYS);
    }
    try {
      String dflt = f.get("default");
      Syntax syntax = Syntax.parse(f.get("syntax"));
      if (!dflt.isEmpty() && syntax.problem(dflt).isPresent()) {
        throw new IOException(
            "catalog, option " + name + ": default " + syntax.problem(dflt).get());
      }
      String flags = f.get("flags");
      String values = f.getOrDefault("values", "");
      List<String> choices = values.isEmpty() ? List.of() : Arrays.asList(values.split("\\s+"));
      if (!dflt.isEmpty() && !choices.isEmpty() && !choices.contains(dflt)) {
        throw new IOException(
            "catalog, option " + name + ": default " + dflt + " is not in values");
      }
      return new OptionSpec(
          name,
          f.get("description"),
          syntax,
          dflt.isEmpty() ? null : dflt,
          flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+")),
          yesNo(name, "refreshable", f.get("refreshable")),
          yesNo(name, "variants", f.get("variants")),
          choices);
    } catch (IllegalArgumentException e) {
      throw new IOException("catalog, option " + name + ": " + e.getMessage(), e);
    }
  }

  private static boolean yesNo(String name, String key, String v) {
    return switch (v) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalArgumentException(key + " must be yes or no, not " + v);
    };
  }

  /** Every option, sorted by name. */
  public List<OptionSpec> specs() {
    return List.copyOf(specs.values());
  }

  /** The spec describing {@code base} (a name without language): exact names before wildcards. */
  public Optional<OptionSpec> spec(String base) {
    OptionSpec exact = specs.get(base);
    if (exact != null) {
      return Optional.of(exact);
    }
    return specs.values().stream().filter(s -> s.isWildcard() && s.describes(base)).findFirst();
  }

  /**
   * The spec of a full name ({@code base} or {@code base;lang-xx}), or an exception whose message
   * is the one line to show: unknown (with the closest names), or a variant of an option without.
   */
  public OptionSpec require(String fullName) {
    OptionName n = OptionName.parse(fullName);
    OptionSpec s =
        spec(n.base())
            .orElseThrow(() -> new UnknownOptionException(n.base(), suggestions(n.base())));
    if (n.isVariant() && !s.variants()) {
      throw new IllegalArgumentException(n.base() + " does not take language variants");
    }
    return s;
  }

  /** Why {@code value} cannot be given to {@code fullName}, or empty if it can. */
  public Optional<String> problem(String fullName, String value) {
    try {
      OptionSpec s = require(fullName);
      return s.syntax()
          .problem(value)
          .map(p -> fullName + " takes a " + s.syntax().label() + ": " + p)
          .or(() -> s.choiceProblem(value).map(p -> fullName + " takes " + p));
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Up to three catalog names near {@code name}, closest (edit distance) first. */
  public List<String> suggestions(String name) {
    List<String> names = new ArrayList<>(specs.keySet());
    names.sort(
        Comparator.comparingInt((String s) -> Levenshtein.distance(name, s))
            .thenComparing(Comparator.naturalOrder()));
    int limit = Math.max(3, name.length() / 3);
    List<String> close =
        names.stream()
            .filter(s -> Levenshtein.distance(name, s) <= limit || s.startsWith(name))
            .toList();
    if (close.isEmpty()) {
      // Nothing spelt alike: the options of the same area (store., service.), else nothing.
      String area = name.contains(".") ? name.substring(0, name.indexOf('.') + 1) : name;
      close = names.stream().filter(s -> s.startsWith(area)).toList();
    }
    return close.stream().limit(3).toList();
  }
}
