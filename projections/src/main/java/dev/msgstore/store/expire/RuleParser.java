package dev.msgstore.store.expire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads expire rules: a {@code store.expirerule} file's lines ({@code Rule1.messagedays: 30}, or
 * {@code messagedays: 30} for a file's one unnamed rule {@value #UNNAMED}; {@code #} comments; a
 * line that starts with white space continues the value above, for Sieve scripts), and configutil's
 * {@code store.expirerule.<rule>.<attribute>} options. Every problem is collected with its file and
 * line; if there is one, no rule of the input is returned.
 *
 * <p>The options, as the catalog lists them: {@code store.expirerule.<rule>.action}, {@code
 * <rule>.deleted}, {@code <rule>.exclusive}, {@code <rule>.folderpattern}, {@code
 * <rule>.foldersizebytes}, {@code <rule>.messagecount}, {@code <rule>.messagedays}, {@code
 * <rule>.messageheader.<field>}, {@code <rule>.messagesize}, {@code <rule>.messagesizedays}, {@code
 * <rule>.regexp}, {@code <rule>.savedays}, {@code <rule>.seen}, {@code <rule>.sieve}.
 */
public final class RuleParser {
  public static final String UNNAMED = "rule";
  public static final String OPTION_PREFIX = "store.expirerule.";

  private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_.\\-]+)\\s*:(.*)$");
  private static final Set<String> ATTRIBUTES =
      Set.of(
          "action",
          "exclusive",
          "folderpattern",
          "regexp",
          "messagecount",
          "foldersizebytes",
          "messagedays",
          "savedays",
          "messagesize",
          "messagesizedays",
          "seen",
          "deleted",
          "sieve",
          "channel",
          "rescanhours");
  private static final String HEADER = "messageheader.";

  private final boolean keepTrailingSpaces;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Draft> drafts = new LinkedHashMap<>();

  /** {@code keepTrailingSpaces}: imexpire's {@code -I}, trailing spaces of header values count. */
  public RuleParser(boolean keepTrailingSpaces) {
    this.keepTrailingSpaces = keepTrailingSpaces;
  }

  /** The rules of one {@code store.expirerule} file's text, set for {@code scope}. */
  public static List<ExpireRule> parseFile(
      String file, String text, RuleScope scope, boolean keepTrailingSpaces) {
    RuleParser p = new RuleParser(keepTrailingSpaces);
    p.file(file, text);
    return p.rules(scope);
  }

  /** The rules of configutil's {@code store.expirerule.*} options among {@code config}. */
  public static List<ExpireRule> parseOptions(Map<String, String> config, boolean keepTrailing) {
    RuleParser p = new RuleParser(keepTrailing);
    config.entrySet().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).startsWith(OPTION_PREFIX))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> p.option(e.getKey(), e.getValue()));
    return p.rules(RuleScope.STORE);
  }

  private void file(String file, String text) {
    String[] lines = text.split("\r?\n", -1);
    Attribute open = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      RuleSource at = new RuleSource(file, i + 1);
      if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && !line.isBlank()) {
        if (open == null) {
          problems.add(at + ": a continuation line with no attribute above it");
        } else {
          open.value.append('\n').append(line.strip());
        }
        continue;
      }
      open = null;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
        continue;
      }
      Matcher m = LINE.matcher(line.stripLeading()); // -I: a value's trailing spaces may count
      if (!m.matches()) {
        problems.add(at + ": not 'rule.attribute: value' or 'attribute: value': " + t);
        continue;
      }
      open = add(m.group(1), m.group(2), at);
    }
  }

  private void option(String name, String value) {
    String key = name.substring(OPTION_PREFIX.length());
    RuleSource at = new RuleSource("configutil " + name, 0);
    if (key.indexOf('.') < 0) {
      problems.add(at + ": not store.expirerule.<rule>.<attribute>");
      return;
    }
    add(key, value, at);
  }

  /** Files the attribute under its rule; returns it so continuation lines can extend it. */
  private Attribute add(String key, String rawValue, RuleSource at) {
    String lower = key.toLowerCase(Locale.ROOT);
    String rule;
    String attribute;
    if (isAttribute(lower)) {
      rule = UNNAMED;
      attribute = lower;
    } else {
      int dot = key.indexOf('.');
      if (dot < 0) {
        problems.add(at + ": unknown attribute " + key + " (" + String.join(", ", known()) + ")");
        return null;
      }
      rule = key.substring(0, dot);
      attribute = lower.substring(dot + 1);
      if (!isAttribute(attribute)) {
        problems.add(
            at
                + ": unknown attribute "
                + key.substring(dot + 1)
                + " ("
                + String.join(", ", known())
                + ")");
        return null;
      }
    }
    if (attribute.startsWith(HEADER)) {
      attribute = HEADER + key.substring(key.length() - (attribute.length() - HEADER.length()));
    }
    String value =
        keepTrailingSpaces && attribute.startsWith(HEADER)
            ? stripLeading(rawValue)
            : rawValue.strip();
    Draft d = drafts.computeIfAbsent(rule, n -> new Draft(n, at));
    String dupKey = attribute.toLowerCase(Locale.ROOT);
    if (d.attributes.containsKey(dupKey)) {
      problems.add(
          at
              + ": rule "
              + rule
              + " sets "
              + attribute
              + " twice (also at "
              + d.attributes.get(dupKey).at
              + ")");
      return null;
    }
    Attribute a = new Attribute(attribute, new StringBuilder(value), at);
    d.attributes.put(dupKey, a);
    return a;
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static boolean isAttribute(String lower) {
    return ATTRIBUTES.contains(lower)
        || (lower.startsWith(HEADER) && lower.length() > HEADER.length());
  }

  private static List<String> known() {
    List<String> k = new ArrayList<>(ATTRIBUTES);
    k.add("messageheader.<field>");
    k.sort(null);
    return k;
  }

  /** The rules, or a {@link RuleSyntaxException} listing every problem found. */
  private List<ExpireRule> rules(RuleScope scope) {
    List<ExpireRule> out = new ArrayList<>();
    for (Draft d : drafts.values()) {
      ExpireRule r = build(d, scope);
      if (r != null) {
        out.add(r);
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleSyntaxException(problems);
    }
    return out;
  }

  private ExpireRule build(Draft d, RuleScope scope) {
    int before = problems.size();
    boolean regexp = d.bool("regexp");
    boolean exclusive = d.bool("exclusive");
    FolderPattern folders = folders(d, scope, regexp);
    ExpireAction action = action(d);
    long count = d.number("messagecount");
    long folderSize = d.number("foldersizebytes");
    long days = d.number("messagedays");
    long saveDays = d.number("savedays");
    long size = d.number("messagesize");
    long sizeDays = d.number("messagesizedays");
    if (sizeDays >= 0 && size < 0) {
      d.problem("messagesizedays", "is the grace period of messagesize, which is not set");
    }
    FlagCondition seen = d.flag("seen");
    FlagCondition deleted = d.flag("deleted");
    Map<String, Glob> headers = new LinkedHashMap<>();
    for (Attribute a : d.attributes.values()) {
      if (a.name.startsWith(HEADER)) {
        headers.put(a.name.substring(HEADER.length()), new Glob(a.value.toString()));
      }
    }
    for (String mta : List.of("channel", "rescanhours")) {
      if (d.attributes.containsKey(mta)) {
        d.problem(
            mta,
            "rescanning through an MTA channel (Table 71-9) needs an MTA, which this store has none of");
      }
    }
    SieveRule sieve = null;
    Attribute script = d.attributes.get("sieve");
    if (script != null) {
      try {
        sieve = SieveRule.compile(script.value.toString());
      } catch (IllegalArgumentException e) {
        problems.add(script.at + ": rule " + d.name + ": sieve: " + e.getMessage());
      }
    }
    if (problems.size() > before) {
      return null;
    }
    ExpireRule r =
        new ExpireRule(
            d.name,
            scope,
            d.first,
            folders,
            exclusive,
            action,
            count,
            folderSize,
            days,
            saveDays,
            size,
            Math.max(sizeDays, 0),
            seen,
            deleted,
            headers,
            sieve);
    if (!exclusive && !r.hasCriteria()) {
      problems.add(
          d.first
              + ": rule "
              + d.name
              + " has no criterion (messagedays, savedays, messagecount, foldersizebytes,"
              + " messagesize, seen, deleted, messageheader.*, sieve); only an exclusive rule may"
              + " have none");
      return null;
    }
    return r;
  }

  private FolderPattern folders(Draft d, RuleScope scope, boolean regexp) {
    Attribute a = d.attributes.get("folderpattern");
    try {
      return switch (scope.kind()) {
        case MAILBOX -> {
          if (a != null) {
            d.problem("folderpattern", "a mailbox's rule file applies to that mailbox only");
          }
          yield FolderPattern.of(
              regexp ? com.google.re2j.Pattern.quote(scope.name()) : scope.name(), regexp);
        }
        case USER -> {
          String prefix = "user/" + scope.name() + "/";
          String p = a == null ? "*" : a.value.toString();
          if (regexp) {
            yield FolderPattern.of(
                p.startsWith("user/") ? p : com.google.re2j.Pattern.quote(prefix) + "(?:" + p + ")",
                true);
          }
          yield FolderPattern.of(p.startsWith("user/") ? p : prefix + p, false);
        }
        case PARTITION, STORE -> {
          if (a == null) {
            problems.add(
                d.first + ": rule " + d.name + " has no folderpattern (use * for every mailbox)");
            yield null;
          }
          yield FolderPattern.of(a.value.toString(), regexp);
        }
      };
    } catch (IllegalArgumentException e) {
      d.problem("folderpattern", e.getMessage());
      return null;
    }
  }

  private ExpireAction action(Draft d) {
    Attribute a = d.attributes.get("action");
    if (a == null) {
      return new ExpireAction.Discard();
    }
    String v = a.value.toString();
    String word = v.split("[\\s:]", 2)[0].toLowerCase(Locale.ROOT);
    String arg = v.length() > word.length() ? v.substring(word.length() + 1).strip() : "";
    switch (word) {
      case "discard":
        return new ExpireAction.Discard();
      case "report":
        return new ExpireAction.Report();
      case "archive":
        return new ExpireAction.Archive();
      case "fileinto":
        if (arg.startsWith("\"") && arg.endsWith("\"") && arg.length() >= 2) {
          arg = arg.substring(1, arg.length() - 1);
        }
        if (arg.isEmpty()) {
          d.problem("action", "fileinto needs a folder: fileinto:Archive or fileinto:user/joe/Old");
          return null;
        }
        return new ExpireAction.FileInto(arg);
      default:
        d.problem("action", "'" + v + "' is not discard, fileinto:<folder>, report or archive");
        return null;
    }
  }

  private record Attribute(String name, StringBuilder value, RuleSource at) {}

  /** One rule's attributes as read, in order. */
  private final class Draft {
    final String name;
    final RuleSource first;
    final Map<String, Attribute> attributes = new LinkedHashMap<>();

    Draft(String name, RuleSource first) {
      this.name = name;
      this.first = first;
    }

    void problem(String attribute, String what) {
      Attribute a = attributes.get(attribute);
      problems.add((a == null ? first : a.at) + ": rule " + name + ": " + attribute + " " + what);
    }

    boolean bool(String attribute) {
      Attribute a = attributes.get(attribute);
      if (a == null) {
        return false;
      }
      switch (a.value.toString().toLowerCase(Locale.ROOT)) {
        case "1", "yes", "true", "on":
          return true;
        case "0", "no", "false", "off":
          return false;
        default:
          problem(attribute, "must be 1 or 0, not '" + a.value + "'");
          return false;
      }
    }

    /** A count, days, or bytes with an optional K, M or G; -1 when not set. */
    long number(String attribute) {
      Attribute a = attributes.get(attribute);
      if (a == null) {
        return -1;
      }
      String v = a.value.toString().toUpperCase(Locale.ROOT);
      long unit = 1;
      if (!v.isEmpty() && "KMG".indexOf(v.charAt(v.length() - 1)) >= 0) {
        unit = 1L << (10 * ("KMG".indexOf(v.charAt(v.length() - 1)) + 1));
        v = v.substring(0, v.length() - 1);
      }
      try {
        long n = Long.parseLong(v);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return Math.multiplyExact(n, unit);
      } catch (NumberFormatException | ArithmeticException e) {
        problem(attribute, "must be a whole number 0 or more, not '" + a.value + "'");
        return -1;
      }
    }

    FlagCondition flag(String attribute) {
      Attribute a = attributes.get(attribute);
      if (a == null) {
        return FlagCondition.NONE;
      }
      return switch (a.value.toString().toLowerCase(Locale.ROOT)) {
        case "and" -> FlagCondition.AND;
        case "or" -> FlagCondition.OR;
        default -> {
          problem(
              attribute,
              "must be 'and' (with the other criteria) or 'or' (alone), not '" + a.value + "'");
          yield FlagCondition.NONE;
        }
      };
    }
  }
}
