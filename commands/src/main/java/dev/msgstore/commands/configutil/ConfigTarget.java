package dev.msgstore.commands.configutil;

import dev.msgstore.store.config.EffectiveConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Where configutil reads and writes options: the store (its journal) or a file ({@code -f}). */
interface ConfigTarget extends AutoCloseable {
  EffectiveConfig config();

  /**
   * Applies every change at once or none ({@code null} deletes an option) and returns the options
   * whose value really changed. In a dry run, decides the same but writes nothing.
   */
  List<OptionChange> apply(Map<String, String> changes) throws IOException;

  /** Whether running services read this configuration, so that changes need a restart notice. */
  boolean isLive();

  @Override
  void close();
}
