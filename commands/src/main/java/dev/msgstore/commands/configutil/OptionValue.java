package dev.msgstore.commands.configutil;

import dev.msgstore.store.config.OptionSpec;

/**
 * An option as {@code configutil -o}, {@code -m} and {@code -H} report it: its value in force (null
 * when it has none), and its catalog entry (description, syntax, default, flags, refreshable), null
 * for an option set before the catalog dropped it.
 */
public record OptionValue(String name, String value, OptionSpec spec) {}
