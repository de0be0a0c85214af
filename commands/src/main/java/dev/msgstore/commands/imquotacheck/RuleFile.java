package dev.msgstore.commands.imquotacheck;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference's rulefile (imquotacheck {@code -r}): a {@code [General]} section ({@code
 * mailQuotaAttribute}, {@code reportMethod}) and one section per rule ({@code
 * notificationTriggerPercentage}, {@code notificationInterval}, {@code enabled}, {@code
 * messageFile}, {@code notificationMethod}); names and values without case. Any error names the
 * file and line, and the whole file is refused: no rule runs from a file read in part. Native
 * methods ({@code reportMethod}, {@code notificationMethod}: a shared library and a C function) are
 * refused the same way: msgstore loads no native code.
 */
record RuleFile(Path file, List<Rule> rules) {

  /** A rule, enabled or not; {@code messageFile} null when not given. */
  record Rule(String name, int trigger, long intervalHours, boolean enabled, Path messageFile) {}

  /** The enabled rules, lowest trigger first (the reference's precedence). */
  List<Rule> enabled() {
    return rules.stream()
        .filter(Rule::enabled)
        .sorted(Comparator.comparingInt(Rule::trigger))
        .toList();
  }

  static RuleFile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, file + ": no such rule file");
    } catch (IOException e) {
      throw new VerbFailure(ExitCodes.IO, file + ": cannot read it: " + e.getMessage());
    }
    String section = null;
    int sectionLine = 0;
    Map<String, String> values = new HashMap<>();
    Map<String, Integer> at = new HashMap<>();
    List<Rule> rules = new ArrayList<>();
    Map<Integer, String> triggers = new HashMap<>();
    for (int i = 0; i <= lines.size(); i++) {
      String line = i < lines.size() ? lines.get(i).strip() : "[";
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (section != null) {
          Rule r = close(file, section, sectionLine, values, at);
          if (r != null) {
            String other = triggers.putIfAbsent(r.trigger(), r.name());
            if (other != null) {
              throw error(
                  file,
                  at.get("notificationtriggerpercentage"),
                  "notificationTriggerPercentage "
                      + r.trigger()
                      + " is also rule "
                      + other
                      + "'s: each rule's is unique");
            }
            rules.add(r);
          }
        }
        if (i == lines.size()) {
          break;
        }
        if (!line.endsWith("]") || line.length() < 3) {
          throw error(file, i + 1, "a section header is [name]");
        }
        section = line.substring(1, line.length() - 1).strip();
        sectionLine = i + 1;
        values.clear();
        at.clear();
        continue;
      }
      int eq = line.indexOf('=');
      if (section == null) {
        throw error(file, i + 1, "an attribute before any [section]");
      }
      if (eq <= 0) {
        throw error(file, i + 1, "expected attribute = value");
      }
      String name = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(eq + 1).strip();
      if (values.put(name, value) != null) {
        throw error(
            file, i + 1, line.substring(0, eq).strip() + " is given twice in [" + section + "]");
      }
      at.put(name, i + 1);
    }
    return new RuleFile(file, rules);
  }

  /** Checks a finished section; returns its rule, or null for [General]. */
  private static Rule close(
      Path file, String section, int line, Map<String, String> v, Map<String, Integer> at) {
    if (section.equalsIgnoreCase("general")) {
      for (String name : v.keySet()) {
        switch (name) {
          case "mailquotaattribute" -> {
            if (!v.get(name).equalsIgnoreCase("mailquota")) {
              throw error(
                  file,
                  at.get(name),
                  "mailQuotaAttribute "
                      + v.get(name)
                      + ": only mailQuota (the directory's) is kept");
            }
          }
          case "reportmethod" ->
              throw error(
                  file, at.get(name), "reportMethod: native report functions are not supported");
          default -> throw error(file, at.get(name), "unknown attribute " + name + " in [General]");
        }
      }
      return null;
    }
    for (String name : v.keySet()) {
      switch (name) {
        case "notificationtriggerpercentage", "notificationinterval", "enabled", "messagefile" -> {}
        case "notificationmethod" ->
            throw error(
                file,
                at.get(name),
                "notificationMethod: native notification functions are not supported; use messageFile");
        default ->
            throw error(file, at.get(name), "unknown attribute " + name + " in [" + section + "]");
      }
    }
    if (!v.containsKey("notificationtriggerpercentage")) {
      throw error(file, line, "[" + section + "] has no notificationTriggerPercentage");
    }
    if (!v.containsKey("notificationinterval")) {
      throw error(file, line, "[" + section + "] has no notificationInterval");
    }
    int trigger =
        (int)
            number(
                file,
                at.get("notificationtriggerpercentage"),
                v.get("notificationtriggerpercentage"),
                1,
                100_000);
    long interval =
        number(file, at.get("notificationinterval"), v.get("notificationinterval"), 0, 1_000_000);
    boolean enabled = false;
    if (v.containsKey("enabled")) {
      enabled =
          switch (v.get("enabled")) {
            case "1" -> true;
            case "0" -> false;
            default ->
                throw error(file, at.get("enabled"), "enabled is 0 or 1, not " + v.get("enabled"));
          };
    }
    Path messageFile = null;
    if (v.containsKey("messagefile")) {
      messageFile = file.toAbsolutePath().getParent().resolve(v.get("messagefile"));
    }
    return new Rule(section, trigger, interval, enabled, messageFile);
  }

  private static long number(Path file, int line, String text, long min, long max) {
    try {
      long n = Long.parseLong(text);
      if (n < min || n > max) {
        throw error(file, line, text + " is out of range " + min + "-" + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw error(file, line, "not a whole number: " + text);
    }
  }

  static VerbFailure error(Path file, int line, String what) {
    return new VerbFailure(ExitCodes.DATA, file + ", line " + line + ": " + what);
  }
}
