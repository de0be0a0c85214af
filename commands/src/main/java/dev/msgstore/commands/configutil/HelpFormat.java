package dev.msgstore.commands.configutil;

import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.MsgConf;
import dev.msgstore.store.config.OptionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's layouts: {@code -H} blocks and the {@code name = value [REFRESHABLE]} lines. The
 * reference's examples wrap long lines for the page; here each field is one line.
 */
final class HelpFormat {
  /** The reference's indent of a block's fields: eight spaces, not a tab. */
  private static final String INDENT = " ".repeat(8);

  private HelpFormat() {}

  /** A {@code -H} block; {@code names} are the options whose current value it reports. */
  static List<String> block(OptionSpec spec, EffectiveConfig config, List<String> names) {
    List<String> out = new ArrayList<>();
    out.add("Configuration option: " + spec.name());
    out.add(INDENT + "Description: " + spec.description());
    if (!spec.flags().isEmpty()) {
      out.add(INDENT + "Flags: " + String.join(" ", spec.flags()));
    }
    out.add(INDENT + "Syntax: " + spec.syntax().label());
    if (!spec.values().isEmpty()) {
      out.add(INDENT + "Values: " + String.join(" ", spec.values()));
    }
    out.add(INDENT + "Default: " + spec.defaultOf().orElse("NULL (unset)"));
    for (String name : names) {
      out.add(
          config
              .value(name)
              .map(v -> name + " is currently set to: " + v)
              .orElse(name + " is currently unset"));
    }
    return out;
  }

  /** A listing line: {@code name = value}, with the refresh status when {@code meta}. */
  static String line(String name, String value, OptionSpec spec, boolean meta) {
    String l = MsgConf.line(name, value);
    if (!meta) {
      return l;
    }
    if (spec == null) {
      return l + " [NOT IN CATALOG]";
    }
    return l + (spec.refreshable() ? " [REFRESHABLE]" : " [NOT REFRESHABLE]");
  }
}
