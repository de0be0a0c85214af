package dev.msgstore.commands.configutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.InputFile;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.MsgConf;
import dev.msgstore.store.config.OptionName;
import dev.msgstore.store.config.OptionSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What configutil does, apart from parsing its command line: each mode checks everything first and
 * changes the configuration only when all of it is valid, so a refused run changes nothing. Each
 * mode prints, and returns what it printed or changed as data (the verb's result).
 */
final class Configutil {
  private final ConfigTarget target;
  private final PrintWriter out;
  private final PrintWriter err;

  Configutil(ConfigTarget target, PrintWriter out, PrintWriter err) {
    this.target = target;
    this.out = out;
    this.err = err;
  }

  /**
   * No option, {@code -p}, {@code -m}, {@code -H}: the options with values, or their help. Returns
   * the values listed by name; with {@code -m} or {@code -H} the {@link OptionValue}s reported.
   */
  Object list(NamePattern pattern, boolean meta, boolean help) {
    EffectiveConfig config = target.config();
    if (help) {
      List<List<String>> blocks = new ArrayList<>();
      List<OptionValue> reported = new ArrayList<>();
      for (OptionSpec spec : config.catalog().specs()) {
        boolean named = pattern.matches(spec.name());
        List<String> names = new ArrayList<>();
        if (!spec.isWildcard() && named) {
          names.add(spec.name());
        }
        for (String n : config.instancesOf(spec)) {
          if (!names.contains(n) && (pattern.matches(n) || (named && pattern.admits(n)))) {
            names.add(n);
          }
        }
        if (named || !names.isEmpty()) {
          List<String> shown = names.isEmpty() ? List.of(spec.name()) : names;
          blocks.add(HelpFormat.block(spec, config, shown));
          shown.forEach(n -> reported.add(new OptionValue(n, config.value(n).orElse(null), spec)));
        }
      }
      printBlocks(blocks);
      return reported;
    }
    Map<String, String> listed = new LinkedHashMap<>();
    List<OptionValue> withMeta = new ArrayList<>();
    config
        .values()
        .forEach(
            (name, value) -> {
              if (pattern.matches(name)) {
                OptionSpec spec = specOf(config, name);
                out.println(HelpFormat.line(name, value, spec, meta));
                listed.put(name, value);
                withMeta.add(new OptionValue(name, value, spec));
              }
            });
    return meta ? withMeta : Collections.unmodifiableMap(listed);
  }

  /**
   * {@code -o option}: its value (nothing when unset), or with {@code -H} its help block. Returns
   * the option, its value null when unset.
   */
  OptionValue get(String option, boolean meta, boolean help) {
    EffectiveConfig config = target.config();
    OptionSpec spec = known(config, option);
    Optional<String> value = config.value(option);
    if (help && spec != null) {
      printBlocks(List.of(HelpFormat.block(spec, config, List.of(option))));
    } else if (meta) {
      value.ifPresent(v -> out.println(HelpFormat.line(option, v, spec, true)));
    } else {
      value.ifPresent(out::println);
    }
    return new OptionValue(option, value.orElse(null), spec);
  }

  /**
   * {@code -o option -v value}; an empty value deletes the option (back to its default). Returns
   * what changed: nothing when it already had that value.
   */
  List<OptionChange> set(String option, String value) throws IOException {
    if (value.isEmpty()) {
      return delete(option);
    }
    known(target.config(), option);
    target
        .config()
        .catalog()
        .problem(option, value)
        .ifPresent(
            p -> {
              throw new VerbFailure(ExitCodes.DATA, p);
            });
    return changed(target.apply(Map.of(option, value)));
  }

  /** {@code -o option -d}. */
  List<OptionChange> delete(String option) throws IOException {
    known(target.config(), option);
    Map<String, String> change = new LinkedHashMap<>();
    change.put(option, null);
    return changed(target.apply(change));
  }

  /** {@code -V}: prints each option set whose value does not match its syntax; returns them. */
  List<InvalidOption> validate() {
    EffectiveConfig config = target.config();
    List<InvalidOption> problems = new ArrayList<>();
    new TreeMap<>(config.overrides())
        .forEach(
            (name, v) ->
                config
                    .catalog()
                    .problem(name, v)
                    .ifPresent(p -> problems.add(new InvalidOption(name, v, p))));
    problems.forEach(p -> out.println(p.line()));
    return List.copyOf(problems);
  }

  /** {@code -V}'s failure (65, naming how many) when {@link #validate} found any. */
  static void requireValid(List<InvalidOption> problems) {
    if (!problems.isEmpty()) {
      throw new VerbFailure(
          ExitCodes.DATA,
          problems.size() + (problems.size() == 1 ? " option is" : " options are") + " invalid");
    }
  }

  /** {@code -i file}: {@code name = value} lines, all applied in one change or none. */
  List<OptionChange> importFile(Path file) throws IOException {
    List<String> text;
    try {
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + file + ": no such file");
    }
    return importLines(file.toString(), text);
  }

  /** {@code -i -}: as {@link #importFile}, the lines read from {@code in} to its end. */
  List<OptionChange> importInput(InputStream in) throws IOException {
    List<String> text = new ArrayList<>();
    // a decoder of its own reports malformed UTF-8 as Files.readAllLines does for -i file
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        text.add(l);
      }
    }
    return importLines("standard input", text);
  }

  private List<OptionChange> importLines(String source, List<String> text) throws IOException {
    Map<String, String> lines;
    try {
      lines = MsgConf.parse(text);
    } catch (MsgConf.MalformedException e) {
      throw new VerbFailure(ExitCodes.DATA, source + ": " + e.getMessage() + "; nothing imported");
    }
    InputFile input = new InputFile(source, text);
    EffectiveConfig config = target.config();
    List<String> problems = new ArrayList<>();
    Map<String, String> changes = new LinkedHashMap<>();
    lines.forEach(
        (name, value) -> {
          Optional<String> p =
              value.isEmpty() ? nameProblem(config, name) : config.catalog().problem(name, value);
          p.ifPresentOrElse(problems::add, () -> changes.put(name, value.isEmpty() ? null : value));
        });
    if (!problems.isEmpty()) {
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
      // a problem quotes the name or value it refuses: here, the file's content
      throw new VerbFailure(
          ExitCodes.DATA,
          source
              + ": "
              + input.unquote(problems.get(0), n -> isOption(config, n))
              + more
              + "; nothing imported");
    }
    return changes.isEmpty() ? List.of() : changed(target.apply(changes));
  }

  /** Whether {@code name} is an option of the catalog: a name of ours, not the file's. */
  private static boolean isOption(EffectiveConfig config, String name) {
    try {
      config.catalog().require(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The spec of an option named on the command line; unknown names are a usage error. */
  private static OptionSpec known(EffectiveConfig config, String option) {
    try {
      return config.catalog().require(option);
    } catch (IllegalArgumentException e) {
      if (config.overrides().containsKey(option)) {
        return null; // set before the catalog dropped it: still readable and deletable
      }
      throw VerbFailure.usage(e.getMessage());
    }
  }

  private static Optional<String> nameProblem(EffectiveConfig config, String option) {
    try {
      config.catalog().require(option);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return config.overrides().containsKey(option)
          ? Optional.empty()
          : Optional.of(e.getMessage());
    }
  }

  private static OptionSpec specOf(EffectiveConfig config, String name) {
    try {
      return config.catalog().spec(OptionName.parse(name).base()).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Says what a running service needs for each change to take effect; returns the changes. */
  private List<OptionChange> changed(List<OptionChange> changes) {
    if (!target.isLive()) {
      return changes;
    }
    EffectiveConfig config = target.config();
    for (OptionChange c : changes) {
      OptionSpec spec = specOf(config, c.name());
      if (spec != null) {
        spec.afterChange()
            .ifPresent(
                what ->
                    err.println("configutil: " + what + " for " + c.name() + " to take effect"));
      }
    }
    return changes;
  }

  private void printBlocks(List<List<String>> blocks) {
    for (int i = 0; i < blocks.size(); i++) {
      if (i > 0) {
        out.println();
      }
      blocks.get(i).forEach(out::println);
    }
  }
}
