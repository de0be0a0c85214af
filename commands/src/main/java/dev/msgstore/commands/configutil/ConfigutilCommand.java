package dev.msgstore.commands.configutil;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.Candidates;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.Store;
import dev.msgstore.store.config.OptionCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * configutil (Table 71-1): list, get, set, delete, import and validate configuration options, in
 * the store (journal events, so {@code msgstore journal --type config} is the history) or in a file
 * ({@code -f}). {@code -h} is help and {@code -V} validate, as in the reference, so there is no
 * {@code --version} here. Its {@link #result()} is what the mode listed or changed.
 */
@Command(
    name = "configutil",
    footer = "%nReference: Table 71-1, configutil Options.",
    description = {
      "List and change configuration options.",
      "Without options, lists every option that has a value (set or default)."
    })
public final class ConfigutilCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show usage statement.")
  boolean usage;

  @Option(names = "-d", description = "Delete an option. Used with -o.")
  boolean delete;

  @Option(
      names = "-f",
      paramLabel = "configfile",
      description = "Work on this msg.conf-format file instead of the store.")
  Path file;

  @Option(names = "-H", description = "Get help on options. Used with -o or -p.")
  boolean help;

  @Option(
      names = "-i",
      paramLabel = "inputfile",
      description =
          "Import 'name = value' lines: all of them, or none if one is invalid."
              + " - reads them from standard input.")
  Path input;

  @Option(names = "-m", description = "List meta data: whether each option is refreshable.")
  boolean meta;

  @Option(
      names = "-o",
      paramLabel = "option",
      completionCandidates = Candidates.OptionNames.class,
      description = "Get an option (name or name;lang-xx). May be used with -H, -v, -d.")
  String option;

  @Option(
      names = "-p",
      paramLabel = "pattern",
      description = "List only options whose names match (* is wildcard, assumed at the end).")
  String pattern;

  @Option(
      names = "-v",
      paramLabel = "value",
      description = "Set the option given by -o; \"\" deletes it (back to its default).")
  String value;

  @Option(names = "-V", description = "Validate the configuration against the meta data.")
  boolean validate;

  private Object result;

  @Override
  public Integer call() throws IOException {
    checkCombination();
    CliContext ctx = root.context();
    try (ConfigTarget target = target(ctx)) {
      Configutil util = new Configutil(target, ctx.out(), ctx.err());
      if (input != null) {
        result = input.toString().equals("-") ? util.importInput(ctx.in()) : util.importFile(input);
      } else if (validate) {
        List<InvalidOption> invalid = util.validate();
        result = invalid; // kept for scripts, although the run then fails (65)
        Configutil.requireValid(invalid);
      } else if (option != null && value != null) {
        result = util.set(option, value);
      } else if (option != null && delete) {
        result = util.delete(option);
      } else if (option != null) {
        result = util.get(option, meta, help);
      } else {
        result = util.list(pattern == null ? NamePattern.ALL : NamePattern.of(pattern), meta, help);
      }
    }
    return 0;
  }

  /**
   * The listing as a map of option names to values (with {@code -m} or {@code -H}: {@link
   * OptionValue}s), {@code -o} an {@link OptionValue}, {@code -v}, {@code -d} and {@code -i} the
   * {@link OptionChange}s made, {@code -V} the {@link InvalidOption}s. Null before the run or if it
   * failed (but for {@code -V}).
   */
  @Override
  public Object result() {
    return result;
  }

  private ConfigTarget target(CliContext ctx) throws IOException {
    if (file != null) {
      return new FileTarget(OptionCatalog.standard(), file, ctx);
    }
    // Setting, deleting and importing change the store; listing, getting and validating read it.
    boolean writes = input != null || (option != null && (value != null || delete));
    Store s = ctx.openStore(store.resolve(ctx), writes ? StoreUse.WRITES : StoreUse.READS);
    try {
      return new StoreTarget(s, ctx);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void checkCombination() {
    if ((value != null || delete) && option == null) {
      throw VerbFailure.usage((delete ? "-d" : "-v") + " needs -o option");
    }
    if (value != null && delete) {
      throw VerbFailure.usage("-v and -d cannot be combined");
    }
    if (option != null && pattern != null) {
      throw VerbFailure.usage("-o and -p cannot be combined");
    }
    if (input != null && (option != null || pattern != null || validate)) {
      throw VerbFailure.usage("-i cannot be combined with -o, -p or -V");
    }
    if (validate && option != null) {
      throw VerbFailure.usage("-V cannot be combined with -o");
    }
  }
}
