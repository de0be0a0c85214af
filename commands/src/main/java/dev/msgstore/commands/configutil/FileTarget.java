package dev.msgstore.commands.configutil;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.MsgConf;
import dev.msgstore.store.config.OptionCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code -f configfile}: a file in msg.conf format instead of the store; no journal. A file that
 * does not exist reads as empty and is created by the first change. In a dry run the file is left
 * as it is and the write that would change it is reported.
 */
final class FileTarget implements ConfigTarget {
  private final OptionCatalog catalog;
  private final Path file;
  private final CliContext ctx;
  private Map<String, String> options;

  FileTarget(OptionCatalog catalog, Path file, CliContext ctx) throws IOException {
    this.catalog = catalog;
    this.file = file;
    this.ctx = ctx;
    try {
      options = MsgConf.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      options = Map.of();
    } catch (MsgConf.MalformedException e) {
      throw new VerbFailure(ExitCodes.DATA, file + ": " + e.getMessage());
    }
  }

  @Override
  public EffectiveConfig config() {
    return new EffectiveConfig(catalog, options);
  }

  @Override
  public List<OptionChange> apply(Map<String, String> changes) throws IOException {
    Map<String, String> next = new TreeMap<>(options);
    List<OptionChange> changed = new ArrayList<>();
    changes.forEach(
        (name, value) -> {
          String old = value == null ? next.remove(name) : next.put(name, value);
          if (!Objects.equals(old, value)) {
            changed.add(new OptionChange(name, old, value));
          }
        });
    String text = MsgConf.format("Written by configutil -f " + file.getFileName() + ".", next);
    if (!ctx.isDryRun()) {
      MsgConf.writeIfChanged(file, text);
    } else if (!Files.exists(file)
        || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
      ctx.wouldHave("write " + file);
    }
    options = next;
    return changed;
  }

  @Override
  public boolean isLive() {
    return false;
  }

  @Override
  public void close() {}
}
