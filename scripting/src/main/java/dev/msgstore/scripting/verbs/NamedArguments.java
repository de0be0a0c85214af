package dev.msgstore.scripting.verbs;

import dev.msgstore.commands.cli.DryRunOption;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The typed form of a verb, derived from its picocli model: a named argument is an option called by
 * the name of the field it sets ({@code pattern: 'user/joe/*'} is {@code -p user/joe/*} for
 * mboxutil), so the command line stays the one source of truth for what a verb accepts.
 */
public final class NamedArguments {
  private final String verb;
  private final Map<String, OptionSpec> options = new LinkedHashMap<>();
  private final List<String> positionalNames = new ArrayList<>();

  public NamedArguments(String verb, CommandSpec spec) {
    this.verb = verb;
    for (OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      nameOf(o).ifPresent(n -> options.putIfAbsent(n, o));
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      nameOf(p).ifPresent(positionalNames::add);
    }
  }

  /** The names the typed form takes: the options, then the positional parameters. */
  public List<String> names() {
    List<String> all = new ArrayList<>(options.keySet());
    all.addAll(positionalNames);
    return all;
  }

  /** The names of the verb's switches: each is also a method of the typed form (its modes). */
  public List<String> switches() {
    // --dry-run is how a mode runs, not one: a named argument only (dryRun: true)
    return options.entrySet().stream()
        .filter(
            e -> isSwitch(e.getValue()) && !e.getValue().longestName().equals(DryRunOption.NAME))
        .map(Map.Entry::getKey)
        .toList();
  }

  public boolean isSwitch(String name) {
    OptionSpec o = options.get(name);
    return o != null && isSwitch(o);
  }

  /** The command line for these named arguments followed by the positional ones. */
  public List<String> commandLine(Map<?, ?> named, List<?> positional) {
    List<String> argv = new ArrayList<>();
    List<String> trailing = new ArrayList<>();
    for (Map.Entry<?, ?> e : named.entrySet()) {
      String name = String.valueOf(e.getKey());
      OptionSpec o = options.get(name);
      if (o == null && positionalNames.contains(name)) {
        flatten(e.getValue(), trailing);
        continue;
      }
      if (o == null) {
        throw new VerbException(
            verb,
            64,
            verb
                + ": no named argument '"
                + name
                + "'; this verb takes: "
                + String.join(", ", names()));
      }
      add(argv, o, e.getValue());
    }
    for (Object p : positional) {
      flatten(p, trailing);
    }
    if (!trailing.isEmpty()) {
      argv.add("--"); // what follows is never an option, even if it starts with '-'
      argv.addAll(trailing);
    }
    return argv;
  }

  private static void add(List<String> argv, OptionSpec o, Object value) {
    String flag = o.longestName();
    if (isSwitch(o)) {
      if (Boolean.TRUE.equals(value)) {
        argv.add(flag);
      } else if (!Boolean.FALSE.equals(value)) {
        throw new IllegalArgumentException(flag + " is a switch: give it true or false");
      }
      return;
    }
    List<String> values = new ArrayList<>();
    flatten(value, values);
    for (String v : values) {
      argv.add(flag);
      argv.add(v);
    }
  }

  private static void flatten(Object value, List<String> into) {
    switch (value) {
      case null -> throw new IllegalArgumentException("a verb's argument cannot be null");
      case Collection<?> c -> c.forEach(v -> flatten(v, into));
      case Object[] a -> List.of(a).forEach(v -> flatten(v, into));
      case Path p -> into.add(p.toString());
      case java.io.File f -> into.add(f.getPath());
      default -> into.add(String.valueOf(value));
    }
  }

  private static boolean isSwitch(OptionSpec o) {
    Class<?> t = o.type();
    return (t == boolean.class || t == Boolean.class) && o.arity().max() == 0;
  }

  /** The option's field name, else (an option built in code) its longest name. */
  private static Optional<String> nameOf(ArgSpec a) {
    if (a.userObject() instanceof Field f) {
      return Optional.of(f.getName());
    }
    if (a instanceof OptionSpec o) {
      return Optional.of(o.longestName().replaceFirst("^-+", ""));
    }
    return Optional.empty();
  }
}
