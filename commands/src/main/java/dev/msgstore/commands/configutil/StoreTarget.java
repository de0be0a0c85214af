package dev.msgstore.commands.configutil;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.command.SetConfigs;
import dev.msgstore.store.config.ConfigFiles;
import dev.msgstore.store.config.EffectiveConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's configuration: options are journal events (so the journal is their history), and
 * {@code config/msg.conf} and {@code config/msg.conf.defaults} are regenerated from it.
 */
final class StoreTarget implements ConfigTarget {
  private final Store store;
  private final Author author;

  StoreTarget(Store store, Author author) throws IOException {
    this.store = store;
    this.author = author;
    // Another process may have changed options since the files were written: bring them up to date.
    ConfigFiles.sync(store.root(), store.config());
  }

  @Override
  public EffectiveConfig config() {
    return store.config();
  }

  @Override
  public List<String> apply(Map<String, String> changes) throws IOException {
    List<SetConfig> sets = new ArrayList<>();
    changes.forEach((name, value) -> sets.add(new SetConfig(name, value)));
    Outcome o =
        sets.size() == 1
            ? store.execute(author, sets.get(0))
            : store.execute(author, new SetConfigs(sets));
    ConfigFiles.sync(store.root(), store.config());
    return o.eventsOf(ConfigEvent.class).stream().map(ConfigEvent::name).toList();
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
