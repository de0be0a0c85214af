package dev.msgstore.store.config;

import dev.msgstore.journal.FileModes;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two readable files under {@code config/}: {@code msg.conf.defaults}, generated from the
 * catalog, and {@code msg.conf}, the options set, generated from the journal. Neither is read back:
 * the catalog and the journal are the truth, so both are rewritten whenever they differ.
 */
public final class ConfigFiles {
  public static final String DEFAULTS = "msg.conf.defaults";
  public static final String OVERRIDES = "msg.conf";

  private ConfigFiles() {}

  public static Path defaults(Path root) {
    return StoreLayout.config(root).resolve(DEFAULTS);
  }

  public static Path overrides(Path root) {
    return StoreLayout.config(root).resolve(OVERRIDES);
  }

  /**
   * Brings both files up to date with {@code config}; atomic, and untouched when already so. They
   * are the store's files, made with the mode their directory implies (FileModes): a process that
   * only reads the store, a configutil listing say, leaves the rest of it as it is.
   */
  public static void sync(Path root, EffectiveConfig config) throws IOException {
    FileModes.createDirectories(StoreLayout.config(root));
    write(defaults(root), defaultsText(config.catalog()));
    write(
        overrides(root),
        MsgConf.format(
            "Options set with configutil: a view of the journal's config events, rewritten"
                + " after each change.\nDo not edit: use configutil (the history is"
                + " 'msgstore journal --type config').",
            config.overrides()));
  }

  private static void write(Path file, String text) throws IOException {
    if (MsgConf.writeIfChanged(file, text, FileModes.newFileIn(file.getParent()))) {
      FileModes.conformFile(file); // the umask may have taken group bits away
    }
  }

  static String defaultsText(OptionCatalog catalog) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "# Defaults of every option, generated from the option catalog. Never edit this file:");
    lines.add("# options set with configutil are in msg.conf.");
    for (OptionSpec s : catalog.specs()) {
      lines.add("");
      lines.add("# " + s.description());
      lines.add(
          "# syntax: "
              + s.syntax().label()
              + (s.flags().isEmpty() ? "" : ", flags: " + String.join(" ", s.flags()))
              + (s.refreshable() ? ", refreshable" : ", not refreshable")
              + (s.variants() ? ", takes ;lang-xx variants" : ""));
      lines.add(
          s.defaultValue() == null
              ? "# " + s.name() + " has no default"
              : MsgConf.line(s.name(), s.defaultValue()));
    }
    return String.join("\n", lines) + "\n";
  }
}
