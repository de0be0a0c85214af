package dev.msgstore.services;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a HELP, a TYPE,
 * another comment, blank, or a sample {@code name{label="value",...} value [timestamp]}; a TYPE
 * comes before its family's samples and once; a family's lines are together; label values use only
 * the three escapes; values are Go floats (NaN, +Inf, -Inf). Any other line fails.
 */
final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*";
  private static final String VALUE = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "("
              + NAME
              + ")(\\{(?:"
              + LABEL
              + "="
              + VALUE
              + "(?:,"
              + LABEL
              + "="
              + VALUE
              + ")*,?)?\\})? (\\S+)(?: (-?\\d+))?");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|Inf|NaN)");

  private PrometheusText() {}

  /** The samples, {@code name{labels}} to value, in order; fails on any line out of the rules. */
  static Map<String, Double> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the exposition does not end with a line feed");
    }
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new HashMap<>();
    Set<String> helped = new HashSet<>();
    Set<String> closedFamilies = new HashSet<>();
    Set<String> sampled = new HashSet<>();
    String family = null;
    int n = 0;
    String[] lines = text.split("\n", -1);
    for (String line : List.of(lines).subList(0, lines.length - 1)) {
      n++;
      String at = "line " + n + ": '" + line + "'";
      Matcher m;
      if (line.isBlank()) {
        continue;
      } else if ((m = HELP.matcher(line)).matches()) {
        family = enter(family, m.group(1), closedFamilies, at);
        if (!helped.add(m.group(1))) {
          throw new AssertionError("second HELP for " + at);
        }
      } else if ((m = TYPE.matcher(line)).matches()) {
        family = enter(family, m.group(1), closedFamilies, at);
        if (types.put(m.group(1), m.group(2)) != null) {
          throw new AssertionError("second TYPE for " + at);
        }
        if (sampled.contains(m.group(1))) {
          throw new AssertionError("TYPE after samples of its family, " + at);
        }
      } else if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        throw new AssertionError("a malformed HELP or TYPE, " + at);
      } else if (line.startsWith("#")) {
        continue;
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String name = m.group(1);
        String fam = familyOf(name, types);
        family = enter(family, fam, closedFamilies, at);
        sampled.add(fam);
        if (!FLOAT.matcher(m.group(3)).matches()) {
          throw new AssertionError("not a float value, " + at);
        }
        String key = name + (m.group(2) == null ? "" : m.group(2));
        if (samples.put(key, number(m.group(3))) != null) {
          throw new AssertionError("a sample given twice, " + at);
        }
      } else {
        throw new AssertionError("not a line of the text format, " + at);
      }
    }
    return samples;
  }

  /** The family a sample belongs to: its name, less a summary's or histogram's suffix. */
  private static String familyOf(String name, Map<String, String> types) {
    for (String suffix : List.of("_sum", "_count", "_bucket")) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String t = types.get(base);
        if ("summary".equals(t) || "histogram".equals(t)) {
          return base;
        }
      }
    }
    return name;
  }

  /** Moves to {@code next}'s lines; a family whose lines ended may not come back. */
  private static String enter(String current, String next, Set<String> closed, String at) {
    if (next.equals(current)) {
      return current;
    }
    if (current != null) {
      closed.add(current);
    }
    if (closed.contains(next)) {
      throw new AssertionError("the lines of " + next + " are not together, " + at);
    }
    return next;
  }

  private static double number(String v) {
    return switch (v) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }
}
