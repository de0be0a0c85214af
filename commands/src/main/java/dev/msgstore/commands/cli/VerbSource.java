package dev.msgstore.commands.cli;

import picocli.CommandLine;

/**
 * A module above this one that brings verbs of its own to the launcher (scripting: {@code run},
 * {@code shell}, {@code jshell}), found with {@link java.util.ServiceLoader}: this module cannot
 * name them, since they depend on it.
 */
public interface VerbSource {
  /** Adds this module's verbs to the launcher's command line. */
  void addTo(CommandLine launcher);
}
