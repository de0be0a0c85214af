package dev.msgstore.commands.configutil;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.command.SetConfigs;
import dev.msgstore.store.config.ConfigFiles;
import dev.msgstore.store.config.EffectiveConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's configuration: options are journal events (so the journal is their history), and
 * {@code config/msg.conf} and {@code config/msg.conf.defaults} are regenerated from it. In a dry
 * run the files are left as they are and each write that would change one is reported.
 */
final class StoreTarget implements ConfigTarget {
  private final Store store;
  private final CliContext ctx;

  StoreTarget(Store store, CliContext ctx) throws IOException {
    this.store = store;
    this.ctx = ctx;
    // Another process may have changed options since the files were written: bring them up to date.
    syncFiles(store.config());
  }

  @Override
  public EffectiveConfig config() {
    return store.config();
  }

  @Override
  public List<OptionChange> apply(Map<String, String> changes) throws IOException {
    List<SetConfig> sets = new ArrayList<>();
    changes.forEach((name, value) -> sets.add(new SetConfig(name, value)));
    Outcome o =
        sets.size() == 1
            ? store.execute(ctx.author(), sets.get(0))
            : store.execute(ctx.author(), new SetConfigs(sets));
    List<OptionChange> changed = new ArrayList<>();
    for (ConfigEvent e : o.eventsOf(ConfigEvent.class)) {
      changed.add(
          switch (e) {
            case ConfigEvent.OptionSet s ->
                // The event's old value is empty when the option was not set.
                new OptionChange(
                    s.name(), s.oldValue().isEmpty() ? null : s.oldValue(), s.newValue());
            case ConfigEvent.OptionDeleted d -> new OptionChange(d.name(), d.oldValue(), null);
          });
    }
    // A dry run's store reads as if the change were made: the files are compared with that.
    syncFiles(store.config());
    return changed;
  }

  /** Brings the files under config/ up to date; a dry run says which it would rewrite instead. */
  private void syncFiles(EffectiveConfig config) throws IOException {
    if (!store.isDryRun()) {
      if (!Files.isWritable(StoreLayout.config(store.root()).getParent())) {
        return; // a read-only store (only a listing gets here): its files stay as they are
      }
      ConfigFiles.sync(store.root(), config);
      return;
    }
    // ConfigFiles writes the text it generates: generated in a scratch root, it is compared.
    Path scratch = Files.createTempDirectory("configutil-dry-run");
    try {
      ConfigFiles.sync(scratch, config);
      for (Path file :
          List.of(ConfigFiles.overrides(store.root()), ConfigFiles.defaults(store.root()))) {
        Path wanted = ConfigFiles.overrides(scratch).resolveSibling(file.getFileName());
        if (!Files.exists(file) || Files.mismatch(file, wanted) >= 0) {
          ctx.wouldHave("write " + file);
        }
      }
    } finally {
      FileTrees.delete(scratch);
    }
  }

  @Override
  public boolean isLive() {
    return true;
  }

  @Override
  public void close() {
    store.close();
  }
}
