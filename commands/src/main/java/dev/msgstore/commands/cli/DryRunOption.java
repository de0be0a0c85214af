package dev.msgstore.commands.cli;

import picocli.CommandLine.Option;

/**
 * {@code --dry-run}, a mixin of the verbs that could write something, so that a read-only verb does
 * not offer it. The launcher's own {@code msgstore --dry-run VERB} means the same for these verbs,
 * and is refused for the others (see {@code Main}).
 */
public final class DryRunOption {
  /** The option's name, as the launcher looks for it in a verb. */
  public static final String NAME = "--dry-run";

  @Option(
      names = NAME,
      description = "Decide every change and report it on stderr, but write nothing.")
  boolean dryRun;
}
